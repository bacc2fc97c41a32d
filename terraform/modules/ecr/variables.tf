variable "repository_names" {
  description = "Names of the ECR repositories to create, e.g. [\"kubeflow-ops/order-service\"]."
  type        = list(string)

  validation {
    condition     = length(var.repository_names) > 0 && alltrue([for n in var.repository_names : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", n))])
    error_message = "repository_names must be valid ECR repository names (lower case, '/' separated)."
  }
}

variable "keep_last_images" {
  description = "How many images each repository keeps; older ones expire."
  type        = number
  default     = 10

  validation {
    condition     = var.keep_last_images >= 1 && var.keep_last_images <= 1000
    error_message = "keep_last_images must be between 1 and 1000."
  }
}

variable "force_delete" {
  description = "Allow destroying a repository that still holds images (make teardown empties them first)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
