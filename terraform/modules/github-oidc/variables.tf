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
  description = "Token subjects that may run `tofu plan` (reads the state): the main branch and the reviewed `dev-plan` environment that pull requests plan in. Never `pull_request`, which any branch of the repository can present."
  type        = list(string)
  default     = ["ref:refs/heads/main", "environment:dev-plan"]

  validation {
    condition     = !contains(var.plan_subjects, "pull_request")
    error_message = "plan_subjects must not contain \"pull_request\": every pull request branch could then read the state; plan pull requests in a reviewed environment."
  }
}

variable "plan_read_actions" {
  description = "Metadata reads the plan role may make to refresh the stack (services the stack manages); data reads are denied whatever this says."
  type        = list(string)
  default = [
    "acm:Describe*", "acm:List*",
    "cognito-idp:Describe*", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:List*",
    "ec2:Describe*",
    "ecr:DescribeRegistry", "ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListTagsForResource",
    "eks:Describe*", "eks:List*",
    "elasticache:Describe*", "elasticache:ListTagsForResource",
    "events:DescribeRule", "events:ListTagsForResource", "events:ListTargetsByRule",
    "iam:Get*", "iam:List*",
    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags",
    "logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
    "rds:Describe*", "rds:ListTagsForResource",
    "route53:Get*", "route53:List*",
    "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecrets",
    "ses:Describe*", "ses:Get*", "ses:List*",
    "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListDeadLetterSourceQueues", "sqs:ListQueueTags", "sqs:ListQueues",
    "sts:GetCallerIdentity",
  ]
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

variable "state_object_key" {
  description = "Key of the state object in the bucket (backend \"s3\" key); the lock file is `<key>.tflock`."
  type        = string
}

variable "state_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the state (bootstrap key, backend \"s3\" kms_key_id)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
