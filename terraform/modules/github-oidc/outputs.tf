output "oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider."
  value       = local.provider_arn
}

output "ecr_push_role_arn" {
  description = "Role CI assumes to push images (aws-actions/configure-aws-credentials role-to-assume)."
  value       = aws_iam_role.this["ecr-push"].arn
}

output "terraform_plan_role_arn" {
  description = "Read-only role CI assumes for `tofu plan`."
  value       = aws_iam_role.this["terraform-plan"].arn
}

output "terraform_apply_role_arn" {
  description = "Role CI assumes for `tofu apply` from the protected environment."
  value       = aws_iam_role.this["terraform-apply"].arn
}
