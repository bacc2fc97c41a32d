output "repository_urls" {
  description = "Repository URLs keyed by repository name (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`)."
  value       = { for n, r in aws_ecr_repository.this : n => r.repository_url }
}

output "repository_arns" {
  description = "Repository ARNs keyed by repository name."
  value       = { for n, r in aws_ecr_repository.this : n => r.arn }
}

output "registry" {
  description = "Registry host shared by the repositories (`<account>.dkr.ecr.<region>.amazonaws.com`)."
  value       = split("/", values(aws_ecr_repository.this)[0].repository_url)[0]
}
