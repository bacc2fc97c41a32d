output "state_bucket" {
  description = "Name of the state bucket (backend \"s3\" bucket)."
  value       = aws_s3_bucket.state.id
}

output "state_bucket_arn" {
  description = "ARN of the state bucket."
  value       = aws_s3_bucket.state.arn
}

output "lock_table" {
  description = "Name of the optional lock table (backend \"s3\" dynamodb_table); null unless create_lock_table."
  value       = one(aws_dynamodb_table.lock[*].name)
}

output "kms_key_arn" {
  description = "KMS key that encrypts the state (backend \"s3\" kms_key_id)."
  value       = aws_kms_key.state.arn
}

output "region" {
  description = "Region of the state bucket."
  value       = var.region
}
