terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Remote state in the bucket and lock table that terraform/bootstrap creates. The bucket name holds the
  # account ID, so it is passed at init time (partial configuration):
  #   tofu init -backend-config="bucket=$(tofu -chdir=../../bootstrap output -raw state_bucket)"
  # `make deploy` does this. Locking uses the DynamoDB table; OpenTofu/Terraform >= 1.10 can lock with an S3
  # lock file instead (use_lockfile = true), which makes the table unnecessary.
  backend "s3" {
    key            = "kubeflow-ops/dev/terraform.tfstate"
    region         = "eu-west-1"
    encrypt        = true
    dynamodb_table = "kubeflow-ops-tflock"
  }
}
