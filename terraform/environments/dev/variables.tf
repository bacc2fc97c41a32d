variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "environment" {
  description = "Environment name; part of every resource name (`kubeflow-ops-<environment>`)."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "domain" {
  description = "DNS domain the platform serves under, e.g. \"dev.kubeflow-ops.example.com\" (external-dns and cert-manager manage records in its zone)."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain))
    error_message = "domain must be a lower-case DNS name such as dev.kubeflow-ops.example.com."
  }
}

variable "create_dns_zone" {
  description = "Create a public Route53 hosted zone for the domain (delegate it from the parent zone); false to use an existing zone of that name."
  type        = bool
  default     = true
}

variable "github_repository" {
  description = "GitHub repository (\"owner/name\") whose Actions may assume the CI roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must look like \"owner/name\"."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub Actions OIDC provider; false when the account already has one."
  type        = bool
  default     = true
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the EKS control plane."
  type        = string
  default     = "1.34"

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like \"1.34\"."
  }
}

variable "cluster_admin_arns" {
  description = "IAM principals given cluster-admin through EKS access entries (the operators' role or user running `make deploy`)."
  type        = list(string)
  default     = []
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public Kubernetes API endpoint."
  type        = list(string)

  validation {
    condition     = alltrue([for c in var.endpoint_public_access_cidrs : can(cidrhost(c, 0))])
    error_message = "endpoint_public_access_cidrs must hold IPv4 CIDRs."
  }
}

variable "availability_zones" {
  description = "The two availability zones of the VPC; null for `<region>a` and `<region>b`."
  type        = list(string)
  default     = null

  validation {
    condition     = var.availability_zones == null ? true : length(var.availability_zones) == 2
    error_message = "availability_zones must list exactly two zones."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR."
  }
}

variable "rds_deletion_protection" {
  description = "Protect the database from deletion (`make teardown` needs it false; keep true outside dev)."
  type        = bool
  default     = false
}

variable "redis_replica" {
  description = "Run a Redis replica in the second availability zone with automatic failover (prod-like; doubles the cache cost)."
  type        = bool
  default     = false
}

variable "redis_auth_token" {
  description = "Redis AUTH token. Ephemeral: never in state or plan. `make deploy` reads it from the Secrets Manager secret kubeflow-ops/<environment>/redis-auth (creating it once) and passes it as TF_VAR_redis_auth_token; notification-service reads the same secret through External Secrets."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "namespaces" {
  description = "Kubernetes namespaces of the workloads that get IRSA roles (ServiceAccounts are named after the workload)."
  type = object({
    apps             = optional(string, "kubeflow-ops")
    external_secrets = optional(string, "external-secrets")
    external_dns     = optional(string, "external-dns")
    cert_manager     = optional(string, "cert-manager")
    karpenter        = optional(string, "kube-system")
  })
  default = {}
}

variable "ses_sandbox_recipients" {
  description = "E-mail addresses SES verifies so they receive order confirmations while the account is in the SES sandbox (new accounts are; docs/deploy.md). Empty once production access is granted."
  type        = list(string)
  default     = []
}
