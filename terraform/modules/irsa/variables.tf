variable "role_name" {
  description = "Name of the IAM role."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of A-Z a-z 0-9 + = , . @ _ -."
  }
}

variable "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (output of the eks module)."
  type        = string
}

variable "oidc_issuer" {
  description = "The cluster's OIDC issuer without \"https://\", e.g. \"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE\"."
  type        = string

  validation {
    condition     = !startswith(var.oidc_issuer, "https://")
    error_message = "oidc_issuer must not start with https://."
  }
}

variable "service_accounts" {
  description = "Kubernetes ServiceAccounts allowed to assume the role, as \"namespace:name\"."
  type        = list(string)

  validation {
    condition     = length(var.service_accounts) > 0 && alltrue([for s in var.service_accounts : can(regex("^[a-z0-9-]+:[a-z0-9-]+$", s))])
    error_message = "service_accounts must hold one or more \"namespace:name\" entries."
  }
}

variable "inline_policies" {
  description = "Inline IAM policies of the role: policy name => policy JSON. The names must be known at plan time; the JSON need not be."
  type        = map(string)
  default     = {}
}

variable "managed_policy_arns" {
  description = "Managed IAM policies attached to the role: a short name => policy ARN (the names key the attachments)."
  type        = map(string)
  default     = {}
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
