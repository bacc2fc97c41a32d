output "endpoint" {
  description = "Host name of the instance (DB_URL = `jdbc:postgresql://<endpoint>:<port>/<database_name>`)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the database."
  value       = aws_db_instance.this.db_name
}

output "master_username" {
  description = "Master user name (also stored in the managed secret)."
  value       = aws_db_instance.this.username
}

output "master_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS manages for the master user (JSON keys username, password)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the instance."
  value       = aws_security_group.this.id
}

output "log_group_names" {
  description = "CloudWatch log groups of the exported logs (with retention), keyed by log type."
  value       = { for k, g in aws_cloudwatch_log_group.this : k => g.name }
}
