variable "name" {
  description = "Name of the user pool (and prefix of its other resources), e.g. kubeflow-ops-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,62}$", var.name))
    error_message = "name must be lower-case letters, digits and dashes."
  }
}

variable "domain_prefix" {
  description = "Prefix of the Cognito domain <prefix>.auth.<region>.amazoncognito.com that serves the token endpoint; unique per region across all AWS accounts."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && !can(regex("aws|amazon|cognito", var.domain_prefix))
    error_message = "domain_prefix must be lower-case letters, digits and inner dashes, and may not contain aws, amazon or cognito."
  }
}

variable "resource_server" {
  description = "Identifier of the API's resource server; its scopes are <identifier>/<scope>, e.g. kubeflow-ops/service."
  type        = string
  default     = "kubeflow-ops"
}

variable "service_clients" {
  description = "Services that call other services with their own identity: one confidential app client each, client_credentials grant, scope <resource_server>/service. Its id and secret go to Secrets Manager under <secret_prefix>/<service>-oidc."
  type        = list(string)
  default     = []
}

variable "secret_prefix" {
  description = "Secrets Manager name prefix for the service clients' credentials (External Secrets may read it), e.g. kubeflow-ops/dev."
  type        = string
}

variable "user_callback_urls" {
  description = "Where the people's app client (authorization code with PKCE, no secret) may send users back after login."
  type        = list(string)
  default     = ["http://localhost:8080/callback"]
}

variable "access_token_validity_minutes" {
  description = "Lifetime of access tokens (users and services)."
  type        = number
  default     = 60

  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440
    error_message = "access_token_validity_minutes must be between 5 and 1440."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
