output "primary_endpoint" {
  description = "Host name of the primary node."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = aws_elasticache_replication_group.this.port
}

output "redis_url" {
  description = "Connection URL for clients (TLS: `rediss://<endpoint>:<port>`), the REDIS_URL of notification-service."
  value       = "rediss://${aws_elasticache_replication_group.this.primary_endpoint_address}:${aws_elasticache_replication_group.this.port}"
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}

output "parameter_group_name" {
  description = "Parameter group of the replication group (maxmemory-policy)."
  value       = aws_elasticache_parameter_group.this.name
}
