terraform {
  required_version = ">= 1.11" # ephemeral variables and write-only arguments (auth_token_wo)

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}
