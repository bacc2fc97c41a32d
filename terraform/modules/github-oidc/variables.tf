variable "name_prefix" {
  description = "Prefix of the role names, e.g. \"kubeflow-ops-dev\"."
  type        = string
}

variable "github_repository" {
  description = "GitHub repository allowed to assume the roles, as \"owner/name\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must look like \"owner/name\"."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (there can be only one per account); false to reuse an existing one."
  type        = bool
  default     = true
}

variable "push_subjects" {
  description = "Token subjects (after `repo:<owner>/<name>:`) that may push images, e.g. the main branch."
  type        = list(string)
  default     = ["ref:refs/heads/main"]
}

variable "plan_subjects" {
  description = "Token subjects that may run `tofu plan` (read-only): pull requests and the main branch."
  type        = list(string)
  default     = ["pull_request", "ref:refs/heads/main"]
}

variable "apply_subjects" {
  description = "Token subjects that may run `tofu apply`: a protected GitHub environment with required reviewers."
  type        = list(string)
  default     = ["environment:dev"]
}

variable "ecr_repository_arns" {
  description = "ECR repositories the push role may write to."
  type        = list(string)
}

variable "state_bucket_arn" {
  description = "ARN of the S3 bucket holding Terraform state."
  type        = string
}

variable "lock_table_arn" {
  description = "ARN of the DynamoDB table holding Terraform state locks."
  type        = string
}

variable "state_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the state bucket and lock table."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
