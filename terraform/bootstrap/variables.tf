variable "project" {
  description = "Project name, the prefix of the bucket and table names."
  type        = string
  default     = "kubeflow-ops"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.project))
    error_message = "project must be 3-21 lower-case letters, digits or '-'."
  }
}

variable "region" {
  description = "AWS region of the state bucket and lock table."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "noncurrent_version_days" {
  description = "Days old state versions are kept before they expire."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Allow destroying the state bucket while it still holds state versions (`make teardown STATE=1` sets it)."
  type        = bool
  default     = false
}

variable "create_lock_table" {
  description = "Also create the DynamoDB lock table `<project>-tflock` (only for clients that cannot lock with use_lockfile)."
  type        = bool
  default     = false
}
