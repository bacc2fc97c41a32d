variable "name" {
  description = "Identifier of the DB instance and prefix of its companions, e.g. \"kubeflow-ops-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.name))
    error_message = "name must start with a letter and hold up to 63 lower-case letters, digits or '-'."
  }
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets (two or more availability zones) for the DB subnet group."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must name at least two subnets."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups whose members may connect on the PostgreSQL port (the EKS cluster security group)."
  type        = list(string)
}

variable "database_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "kubeflow"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and hold up to 63 lower-case letters, digits or '_'."
  }
}

variable "master_username" {
  description = "Master user name; its password is generated and rotated by RDS in Secrets Manager, never in Terraform state."
  type        = string
  default     = "kubeflow"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,15}$", var.master_username)) && !contains(["postgres", "admin", "rdsadmin"], var.master_username)
    error_message = "master_username must be 1-16 lower-case letters, digits or '_', start with a letter, and not be a reserved name."
  }
}

variable "engine_version" {
  description = "PostgreSQL major version (RDS applies minor upgrades automatically)."
  type        = string
  default     = "17"

  validation {
    condition     = can(regex("^1[4-9]$", var.engine_version))
    error_message = "engine_version must be a PostgreSQL major version from 14 to 19."
  }
}

variable "instance_class" {
  description = "DB instance class."
  type        = string
  default     = "db.t3.micro"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS class such as db.t3.micro."
  }
}

variable "allocated_storage_gib" {
  description = "Initial storage in GiB (gp3)."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage_gib >= 20 && var.allocated_storage_gib <= 1000
    error_message = "allocated_storage_gib must be between 20 and 1000."
  }
}

variable "max_allocated_storage_gib" {
  description = "Upper bound for storage autoscaling in GiB."
  type        = number
  default     = 50
}

variable "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "multi_az" {
  description = "Run a standby in a second availability zone."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Refuse to delete the instance; must be false before `make teardown` can destroy it."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Destroy without a final snapshot (dev); otherwise a snapshot `<name>-final` is kept."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the exported PostgreSQL and upgrade logs in CloudWatch Logs, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
