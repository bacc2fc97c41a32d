terraform {
  required_version = ">= 1.11" # write-only arguments (Redis auth_token_wo); use_lockfile needs 1.10

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Remote state in the bucket terraform/bootstrap creates. The bucket name holds the account ID and the KMS key
  # is the bootstrap's, so both are passed at init time (partial configuration); `make tf-init` does it:
  #   tofu init -backend-config="bucket=kubeflow-ops-tfstate-<account>-<region>" -backend-config="kms_key_id=<key ARN>"
  # Locking uses a lock file next to the state (S3 conditional writes), so no DynamoDB table is needed.
  backend "s3" {
    key          = "kubeflow-ops/dev/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}
