# Creates the remote-state bucket and lock table. Its own state is local (terraform.tfstate here, ignored by
# git): it holds no secrets, and `make teardown STATE=1` destroys this stack last.
terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = var.project
      ManagedBy = "terraform"
      Stack     = "bootstrap"
    }
  }
}
