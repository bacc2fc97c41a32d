variable "name" {
  description = "Replication group ID and prefix of its companions, e.g. \"kubeflow-ops-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,34}$", var.name))
    error_message = "name must start with a letter and hold up to 35 lower-case letters, digits or '-'."
  }
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the cache subnet group."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must name at least one subnet."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect on the Redis port (the EKS cluster security group)."
  type        = list(string)
}

variable "node_type" {
  description = "Cache node type."
  type        = string
  default     = "cache.t3.micro"

  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must be an ElastiCache type such as cache.t3.micro."
  }
}

variable "engine_version" {
  description = "Redis OSS engine version, major.minor (the parameter group family is redis<major>)."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^[6-7]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be a Redis OSS 6.x or 7.x version such as 7.1."
  }
}

variable "maxmemory_policy" {
  description = "What Redis does when memory is full. noeviction (refuse writes) keeps every de-duplication marker; an evicting policy would drop markers before their TTL and let a redelivered message be notified twice."
  type        = string
  default     = "noeviction"

  validation {
    condition     = contains(["noeviction", "allkeys-lru", "volatile-lru", "allkeys-lfu", "volatile-lfu", "allkeys-random", "volatile-random", "volatile-ttl"], var.maxmemory_policy)
    error_message = "maxmemory_policy must be a Redis maxmemory-policy value."
  }
}

variable "num_cache_clusters" {
  description = "Nodes in the replication group (1 = no replica; 2 or more enables automatic failover)."
  type        = number
  default     = 1

  validation {
    condition     = var.num_cache_clusters >= 1 && var.num_cache_clusters <= 6
    error_message = "num_cache_clusters must be between 1 and 6."
  }
}

variable "snapshot_retention_days" {
  description = "Days of automatic snapshots (0 disables them)."
  type        = number
  default     = 1

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be between 0 and 35."
  }
}

variable "auth_token" {
  description = "Redis AUTH token (16-128 printable characters, no @, \" or /). Ephemeral and write-only: it never reaches the state or the plan. Needed when the group is created and when auth_token_version changes; null otherwise."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "auth_token_version" {
  description = "Version of the AUTH token; change it (with a new auth_token) to rotate the token."
  type        = number
  default     = 1
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
