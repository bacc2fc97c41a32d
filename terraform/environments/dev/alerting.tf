# The Slack incoming webhooks Alertmanager posts to (gitops/platform/alertmanager): one secret, two JSON keys,
# page_webhook_url and ticket_webhook_url. Terraform creates the empty secret only; its value is set once with
# `aws secretsmanager put-secret-value` (docs/gitops.md), so a webhook URL never lands in Terraform state or git.
# The name sits under the <project>/<environment>/ prefix the External Secrets role may read (iam.tf).
resource "aws_secretsmanager_secret" "alertmanager_slack" {
  #checkov:skip=CKV2_AWS_57:A Slack webhook cannot be rotated by a Lambda; it is replaced in Slack and re-put by hand.
  #checkov:skip=CKV_AWS_149:The AWS managed key encrypts it at rest; a customer key would add a key policy and a kms:Decrypt grant to the External Secrets role for one low-value credential.
  name        = "${local.project}/${var.environment}/alertmanager-slack"
  description = "Slack incoming webhooks for Alertmanager (page_webhook_url, ticket_webhook_url); value set out of band"

  # make teardown then make deploy recreates the same name: a recovery window would keep the name taken for days.
  recovery_window_in_days = 0

  tags = local.tags
}
