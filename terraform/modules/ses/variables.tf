variable "name" {
  description = "Name of the SES configuration set, e.g. \"kubeflow-ops-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must hold 1-64 letters, digits, '-' or '_'."
  }
}

variable "domain" {
  description = "Domain the mails are sent from (the sender is <sender_local_part>@<domain>); its DKIM records go into route53_zone_id."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain))
    error_message = "domain must be a lower-case DNS name such as dev.kubeflow-ops.example.com."
  }
}

variable "route53_zone_id" {
  description = "Route53 hosted zone of the domain, for the three DKIM CNAME records."
  type        = string
}

variable "sender_local_part" {
  description = "Local part of the sender address."
  type        = string
  default     = "no-reply"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._+-]{0,63}$", var.sender_local_part))
    error_message = "sender_local_part must be a plain lower-case mailbox name such as no-reply."
  }
}

variable "sandbox_recipients" {
  description = "Addresses to verify so they can receive mail while the account is in the SES sandbox (each gets a verification mail). Empty once the account has production access."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.sandbox_recipients : can(regex("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", a))])
    error_message = "sandbox_recipients must be e-mail addresses."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
