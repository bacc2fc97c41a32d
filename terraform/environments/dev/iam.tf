# ---------------------------------------------------------------------------------------------------------
# IRSA roles of the workloads, least privilege. ServiceAccounts are named after the workload.
# (Karpenter's controller role and the EBS CSI role live in the eks module.)
# ---------------------------------------------------------------------------------------------------------

# order-service publishes order events (outbox relay): send only, to its queue only.
data "aws_iam_policy_document" "order_service" {
  statement {
    sid       = "PublishOrderEvents"
    actions   = ["sqs:SendMessage"]
    resources = [module.order_events.queue_arn]
  }
}

module "order_service_irsa" {
  source = "../../modules/irsa"

  role_name         = "${local.name}-order-service"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["${var.namespaces.apps}:order-service"]
  inline_policies   = { sqs-send = data.aws_iam_policy_document.order_service.json }
  tags              = local.tags
}

# notification-service consumes order events: receive, delete after recording, extend visibility.
data "aws_iam_policy_document" "notification_service" {
  statement {
    sid = "ConsumeOrderEvents"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [module.order_events.queue_arn]
  }

  # Order confirmations: through SES, from the platform's sender address only.
  statement {
    sid       = "SendOrderConfirmations"
    actions   = ["ses:SendEmail"]
    resources = [module.ses.identity_arn, module.ses.configuration_set_arn]

    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = [module.ses.sender]
    }
  }
}

module "notification_service_irsa" {
  source = "../../modules/irsa"

  role_name         = "${local.name}-notification-service"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["${var.namespaces.apps}:notification-service"]
  inline_policies   = { consume-and-mail = data.aws_iam_policy_document.notification_service.json }
  tags              = local.tags
}

# External Secrets reads the RDS-managed master secret and the application secrets under kubeflow-ops/<env>/.
data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid     = "ReadAppSecrets"
    actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [
      module.rds.master_secret_arn,
      "arn:${data.aws_partition.current.partition}:secretsmanager:${var.region}:${local.account_id}:secret:${local.project}/${var.environment}/*",
    ]
  }
}

module "external_secrets_irsa" {
  source = "../../modules/irsa"

  role_name         = "${local.name}-external-secrets"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["${var.namespaces.external_secrets}:external-secrets"]
  inline_policies   = { secrets-read = data.aws_iam_policy_document.external_secrets.json }
  tags              = local.tags
}

# external-dns manages records in the environment's zone only.
data "aws_iam_policy_document" "external_dns" {
  statement {
    sid       = "ManageZoneRecords"
    actions   = ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"]
    resources = [local.zone_arn]
  }

  statement {
    sid       = "ListZones"
    actions   = ["route53:ListHostedZones"]
    resources = ["*"]
  }
}

module "external_dns_irsa" {
  source = "../../modules/irsa"

  role_name         = "${local.name}-external-dns"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["${var.namespaces.external_dns}:external-dns"]
  inline_policies   = { route53-records = data.aws_iam_policy_document.external_dns.json }
  tags              = local.tags
}

# cert-manager answers ACME DNS-01 challenges: TXT records named _acme-challenge.* in the zone only.
data "aws_iam_policy_document" "cert_manager" {
  statement {
    sid       = "GetChange"
    actions   = ["route53:GetChange"]
    resources = ["arn:${data.aws_partition.current.partition}:route53:::change/*"]
  }

  statement {
    sid       = "AcmeChallengeRecords"
    actions   = ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"]
    resources = [local.zone_arn]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      values   = ["_acme-challenge.*"]
    }

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "route53:ChangeResourceRecordSetsRecordTypes"
      values   = ["TXT"]
    }
  }

  statement {
    sid       = "FindZone"
    actions   = ["route53:ListHostedZonesByName"]
    resources = ["*"]
  }
}

module "cert_manager_irsa" {
  source = "../../modules/irsa"

  role_name         = "${local.name}-cert-manager"
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_issuer
  service_accounts  = ["${var.namespaces.cert_manager}:cert-manager"]
  inline_policies   = { route53-acme = data.aws_iam_policy_document.cert_manager.json }
  tags              = local.tags
}
