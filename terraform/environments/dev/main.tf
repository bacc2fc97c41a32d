data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  project      = "kubeflow-ops"
  name         = "${local.project}-${var.environment}"
  cluster_name = local.name
  account_id   = data.aws_caller_identity.current.account_id
  azs          = var.availability_zones != null ? var.availability_zones : ["${var.region}a", "${var.region}b"]
  services     = ["order-service", "user-service", "notification-service"]
  # Every log group of the stack (EKS control plane, RDS exports, VPC flow logs) keeps this many days.
  log_retention_days = 7
  tags = {
    Project     = local.project
    Environment = var.environment
  }
}

# ---------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------
module "vpc" {
  source = "../../modules/vpc"

  name                 = local.name
  cluster_name         = local.cluster_name
  cidr                 = var.vpc_cidr
  availability_zones   = local.azs
  public_subnet_cidrs  = [cidrsubnet(var.vpc_cidr, 4, 0), cidrsubnet(var.vpc_cidr, 4, 1)]
  private_subnet_cidrs = [cidrsubnet(var.vpc_cidr, 2, 1), cidrsubnet(var.vpc_cidr, 2, 2)]
  # Log retention of every log group the stack owns (CloudWatch Logs bills stored bytes until they expire).
  flow_log_retention_days = local.log_retention_days
  tags                    = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# Cluster (with Karpenter prerequisites and the EBS CSI role)
# ---------------------------------------------------------------------------------------------------------
module "eks" {
  source = "../../modules/eks"

  cluster_name                 = local.cluster_name
  kubernetes_version           = var.kubernetes_version
  subnet_ids                   = module.vpc.private_subnet_ids
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs
  admin_principal_arns         = var.cluster_admin_arns
  karpenter_namespace          = var.namespaces.karpenter
  log_retention_days           = local.log_retention_days
  tags                         = local.tags

  node_group = {
    instance_types = ["t3.medium"]
    min_size       = 2
    desired_size   = 2
    max_size       = 3
  }
}

# ---------------------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------------------
module "ecr" {
  source = "../../modules/ecr"

  repository_names = [for s in local.services : "${local.project}/${s}"]
  keep_last_images = 10
  tags             = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# Data stores and messaging
# ---------------------------------------------------------------------------------------------------------
module "rds" {
  source = "../../modules/rds"

  name                       = local.name
  vpc_id                     = module.vpc.vpc_id
  subnet_ids                 = module.vpc.private_subnet_ids
  allowed_security_group_ids = [module.eks.cluster_security_group_id]
  database_name              = "kubeflow"
  instance_class             = "db.t3.micro"
  allocated_storage_gib      = 20
  backup_retention_days      = 1
  deletion_protection        = var.rds_deletion_protection
  skip_final_snapshot        = true
  log_retention_days         = local.log_retention_days
  tags                       = local.tags
}

module "elasticache" {
  source = "../../modules/elasticache"

  name                       = local.name
  vpc_id                     = module.vpc.vpc_id
  subnet_ids                 = module.vpc.private_subnet_ids
  allowed_security_group_ids = [module.eks.cluster_security_group_id]
  node_type                  = "cache.t3.micro"
  # Prod-like settings (redis_replica = true): a replica in the second zone with automatic failover.
  num_cache_clusters = var.redis_replica ? 2 : 1
  # AUTH token from Secrets Manager (kubeflow-ops/<env>/redis-auth; make deploy creates it and passes it in).
  auth_token = var.redis_auth_token
  tags       = local.tags
}

module "order_events" {
  source = "../../modules/sqs"

  name              = "order-events"
  max_receive_count = 5
  tags              = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# Identity: the OIDC issuer of the API (services and Gateway verify its JWTs; order-service's own client)
# ---------------------------------------------------------------------------------------------------------
module "cognito" {
  source = "../../modules/cognito"

  name            = local.name
  domain_prefix   = "${local.name}-${local.account_id}"
  service_clients = ["order-service"]
  secret_prefix   = "${local.project}/${var.environment}"
  tags            = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# DNS zone for external-dns and cert-manager
# ---------------------------------------------------------------------------------------------------------
resource "aws_route53_zone" "this" {
  #checkov:skip=CKV2_AWS_38:DNSSEC needs a KMS key in us-east-1 and a DS record at the parent; not set up for the dev zone.
  #checkov:skip=CKV2_AWS_39:Query logging (to CloudWatch Logs in us-east-1) is not needed for the dev zone.
  count = var.create_dns_zone ? 1 : 0

  name          = var.domain
  comment       = "${local.name}: records managed by external-dns, ACME challenges by cert-manager"
  force_destroy = true

  tags = local.tags
}

data "aws_route53_zone" "existing" {
  count = var.create_dns_zone ? 0 : 1

  name         = var.domain
  private_zone = false
}

locals {
  zone_id  = var.create_dns_zone ? aws_route53_zone.this[0].zone_id : data.aws_route53_zone.existing[0].zone_id
  zone_arn = var.create_dns_zone ? aws_route53_zone.this[0].arn : data.aws_route53_zone.existing[0].arn
}

# ---------------------------------------------------------------------------------------------------------
# Mail: notification-service sends order confirmations through SES from no-reply@<domain>
# ---------------------------------------------------------------------------------------------------------
module "ses" {
  source = "../../modules/ses"

  name               = local.name
  domain             = var.domain
  route53_zone_id    = local.zone_id
  sandbox_recipients = var.ses_sandbox_recipients
  tags               = local.tags
}

# ---------------------------------------------------------------------------------------------------------
# CI: GitHub Actions OIDC roles (push images; plan; apply)
# ---------------------------------------------------------------------------------------------------------
data "aws_kms_alias" "state" {
  name = "alias/${local.project}-tfstate"
}

module "github_oidc" {
  source = "../../modules/github-oidc"

  name_prefix          = local.name
  github_repository    = var.github_repository
  create_oidc_provider = var.create_github_oidc_provider
  apply_subjects       = ["environment:${var.environment}"]
  ecr_repository_arns  = values(module.ecr.repository_arns)
  # Names fixed by terraform/bootstrap.
  state_bucket_arn  = "arn:${data.aws_partition.current.partition}:s3:::${local.project}-tfstate-${local.account_id}-${var.region}"
  state_object_key  = "${local.project}/${var.environment}/terraform.tfstate"
  state_kms_key_arn = data.aws_kms_alias.state.target_key_arn
  tags              = local.tags
}
