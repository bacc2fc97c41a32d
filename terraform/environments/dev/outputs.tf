# ---------------------------------------------------------------------------------------------------------
# Hand-off to GitOps: one object of strings, read with
#   tofu -chdir=terraform/environments/dev output -json gitops_handoff
# ---------------------------------------------------------------------------------------------------------
output "gitops_handoff" {
  description = "Cloud IDs the GitOps side turns into its dev values (ServiceAccount role ARNs, endpoints, queue URLs, zone)."
  value = {
    account_id                        = local.account_id
    region                            = var.region
    cluster_name                      = module.eks.cluster_name
    domain                            = var.domain
    route53_zone_id                   = local.zone_id
    ecr_registry                      = module.ecr.registry
    order_events_queue_url            = module.order_events.queue_url
    order_events_dlq_url              = module.order_events.dlq_url
    rds_endpoint                      = module.rds.endpoint
    rds_master_secret_arn             = module.rds.master_secret_arn
    redis_endpoint                    = module.elasticache.primary_endpoint
    order_service_role_arn            = module.order_service_irsa.role_arn
    notification_service_role_arn     = module.notification_service_irsa.role_arn
    external_secrets_role_arn         = module.external_secrets_irsa.role_arn
    external_dns_role_arn             = module.external_dns_irsa.role_arn
    cert_manager_role_arn             = module.cert_manager_irsa.role_arn
    karpenter_controller_role_arn     = module.eks.karpenter_controller_role_arn
    karpenter_node_role_name          = module.eks.karpenter_node_role_name
    karpenter_interruption_queue_name = module.eks.karpenter_interruption_queue_name
    ebs_csi_role_arn                  = module.eks.ebs_csi_role_arn
    oidc_issuer                       = module.cognito.issuer
    oidc_jwks_uri                     = module.cognito.jwks_uri
    order_service_oidc_secret_arn     = module.cognito.service_client_secret_arns["order-service"]
    mail_from                         = module.ses.sender
    ses_configuration_set             = module.ses.configuration_set_name
  }
}

# ---------------------------------------------------------------------------------------------------------
# For operators and CI
# ---------------------------------------------------------------------------------------------------------
output "region" {
  description = "AWS region of the environment."
  value       = var.region
}

output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = module.eks.cluster_endpoint
}

output "kubeconfig_command" {
  description = "Command that writes a kubeconfig entry for the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}

output "ecr_repository_urls" {
  description = "ECR repository URLs keyed by repository name; images are tagged with the git SHA."
  value       = module.ecr.repository_urls
}

output "ecr_repository_names" {
  description = "ECR repository names (`make teardown` empties them before destroy)."
  value       = keys(module.ecr.repository_urls)
}

output "github_ecr_push_role_arn" {
  description = "Role GitHub Actions assumes to push images."
  value       = module.github_oidc.ecr_push_role_arn
}

output "github_terraform_plan_role_arn" {
  description = "Read-only role GitHub Actions assumes for `tofu plan`."
  value       = module.github_oidc.terraform_plan_role_arn
}

output "github_terraform_apply_role_arn" {
  description = "Role GitHub Actions assumes for `tofu apply` from the protected environment."
  value       = module.github_oidc.terraform_apply_role_arn
}

output "route53_name_servers" {
  description = "Name servers of the created zone, to delegate the domain from its parent (empty when an existing zone is used)."
  value       = var.create_dns_zone ? aws_route53_zone.this[0].name_servers : []
}

output "redis_url" {
  description = "REDIS_URL for notification-service (TLS)."
  value       = module.elasticache.redis_url
}

output "db_url" {
  description = "DB_URL for order-service and user-service."
  value       = "jdbc:postgresql://${module.rds.endpoint}:${module.rds.port}/${module.rds.database_name}?sslmode=require"
}
