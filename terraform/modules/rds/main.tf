# ---------------------------------------------------------------------------------------------------------
# Network: private subnets, reachable only from the cluster's security group
# ---------------------------------------------------------------------------------------------------------
resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-postgres"
  description = "PostgreSQL ${var.name}: reachable only from the EKS cluster"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-postgres" })
}

# count, not for_each: the security group IDs are usually unknown until the cluster exists, their number is not.
resource "aws_vpc_security_group_ingress_rule" "postgres" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = "PostgreSQL from the EKS cluster"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
}

# ---------------------------------------------------------------------------------------------------------
# Parameters: TLS required, slow statements and DDL logged
# ---------------------------------------------------------------------------------------------------------
resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-pg${var.engine_version}-"
  family      = "postgres${var.engine_version}"
  description = "${var.name}: TLS only, DDL and slow-statement logging"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------
# Log groups of the exported logs, created before the instance: RDS would otherwise create them itself, with
# no retention (kept and billed for ever) and outside Terraform (left behind by tofu destroy).
# ---------------------------------------------------------------------------------------------------------
locals {
  log_exports = ["postgresql", "upgrade"]
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is an input (log_retention_days); dev keeps 7 days to limit cost, production sets 365 or more.
  #checkov:skip=CKV_AWS_158:PostgreSQL logs hold statements and connection events, no data; the CloudWatch Logs service key encrypts them at rest.
  for_each = toset(local.log_exports)

  name              = "/aws/rds/instance/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------
# Instance: encrypted, private, master password managed by RDS in Secrets Manager (never in state)
# ---------------------------------------------------------------------------------------------------------
resource "aws_db_instance" "this" {
  #checkov:skip=CKV_AWS_293:Deletion protection is an input (deletion_protection, default true); dev turns it off so make teardown can delete the instance.
  #checkov:skip=CKV_AWS_157:Multi-AZ is an input (multi_az); dev runs single-AZ for cost.
  #checkov:skip=CKV_AWS_118:Enhanced monitoring (OS metrics every few seconds) is not needed for dev; CloudWatch metrics and Performance Insights cover it.
  #checkov:skip=CKV_AWS_354:Performance Insights data is encrypted with the AWS-managed RDS key; a customer-managed key adds cost without a dev requirement.
  identifier     = var.name
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class
  db_name        = var.database_name

  username                            = var.master_username
  manage_master_user_password         = true
  iam_database_authentication_enabled = true

  allocated_storage     = var.allocated_storage_gib
  max_allocated_storage = var.max_allocated_storage_gib
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  multi_az               = var.multi_az

  backup_retention_period   = var.backup_retention_days
  backup_window             = "02:00-03:00"
  maintenance_window        = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${var.name}-final"

  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = local.log_exports
  performance_insights_enabled    = true

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this]
}
