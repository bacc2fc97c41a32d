# ---------------------------------------------------------------------------------------------------------
# Network: private subnets, reachable only from the cluster's security group
# ---------------------------------------------------------------------------------------------------------
resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-redis"
  description = "Redis ${var.name}: reachable only from the EKS cluster"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-redis" })
}

# count, not for_each: the security group IDs are usually unknown until the cluster exists, their number is not.
resource "aws_vpc_security_group_ingress_rule" "redis" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = "Redis from the EKS cluster"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
}

# ---------------------------------------------------------------------------------------------------------
# Parameters: never evict. The default policy (volatile-lru) drops keys that have a TTL when memory runs out,
# and every de-duplication marker has one: an evicted marker turns a redelivered message into a second
# notification. With noeviction a full cache refuses writes instead, which the consumer sees as an error
# and retries (the message stays in the queue), and the memory alert fires.
# ---------------------------------------------------------------------------------------------------------
resource "aws_elasticache_parameter_group" "this" {
  name        = "${var.name}-redis${replace(var.engine_version, ".", "-")}"
  family      = "redis${split(".", var.engine_version)[0]}"
  description = "${var.name}: maxmemory-policy ${var.maxmemory_policy}"

  parameter {
    name  = "maxmemory-policy"
    value = var.maxmemory_policy
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------
# Redis: encrypted in transit (clients use rediss://) and at rest
# ---------------------------------------------------------------------------------------------------------
resource "aws_elasticache_replication_group" "this" {
  #checkov:skip=CKV_AWS_31:AUTH is on: the token is set through the write-only auth_token_wo (never in state or plan), which this check does not know.
  #checkov:skip=CKV_AWS_191:At-rest encryption uses the AWS-owned key; the cache holds only message IDs for de-duplication, which does not justify a customer-managed key.
  #checkov:skip=CKV2_AWS_50:Multi-AZ failover follows num_cache_clusters (an input); dev runs one node for cost, prod-like settings (replica = true in the dev stack) run two with automatic failover.
  replication_group_id = var.name
  description          = "Redis for ${var.name} (notification de-duplication)"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  num_cache_clusters   = var.num_cache_clusters
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.this.name

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  # AUTH: clients must present the token (with TLS). Write-only: sent to ElastiCache, never stored in the state or
  # the plan. Later runs may leave auth_token null; bumping auth_token_version sets a new one.
  auth_token_wo         = var.auth_token
  auth_token_wo_version = var.auth_token_version

  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  at_rest_encryption_enabled = true

  automatic_failover_enabled = var.num_cache_clusters > 1
  multi_az_enabled           = var.num_cache_clusters > 1
  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = "01:00-02:00"
  maintenance_window         = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade = true
  apply_immediately          = true

  tags = var.tags
}
