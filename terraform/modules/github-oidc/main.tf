data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  issuer       = "token.actions.githubusercontent.com"
  provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${local.issuer}"
  roles = {
    ecr-push        = var.push_subjects
    terraform-plan  = var.plan_subjects
    terraform-apply = var.apply_subjects
  }
}

# ---------------------------------------------------------------------------------------------------------
# GitHub Actions OIDC provider (one per account)
# ---------------------------------------------------------------------------------------------------------
resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------
# Roles: each trusts only its own token subjects of one repository
# ---------------------------------------------------------------------------------------------------------
data "aws_iam_policy_document" "assume" {
  for_each = local.roles

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:sub"
      values   = [for s in each.value : "repo:${var.github_repository}:${s}"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.roles

  name                 = "${var.name_prefix}-github-${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.assume[each.key].json
  max_session_duration = 3600

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------
# ecr-push: log in to ECR and push to the service repositories only
# ---------------------------------------------------------------------------------------------------------
data "aws_iam_policy_document" "ecr_push" {
  statement {
    sid       = "Login"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "PushToServiceRepositories"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:DescribeRepositories",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = var.ecr_repository_arns
  }
}

resource "aws_iam_role_policy" "ecr_push" {
  name   = "ecr-push"
  role   = aws_iam_role.this["ecr-push"].id
  policy = data.aws_iam_policy_document.ecr_push.json
}

# ---------------------------------------------------------------------------------------------------------
# terraform-plan: read the state and the metadata of what the stack manages, write only the state lock file.
# Not ReadOnlyAccess: that also reads data (every S3 object, DynamoDB items, SSM parameters, log events, ...).
# The plan needs the Describe/Get/List calls the provider makes to refresh; data-reading calls are denied.
# ---------------------------------------------------------------------------------------------------------
data "aws_iam_policy_document" "state" {
  statement {
    sid       = "StateBucketList"
    actions   = ["s3:ListBucket"]
    resources = [var.state_bucket_arn]
  }

  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.state_bucket_arn}/${var.state_object_key}"]
  }

  # use_lockfile: the lock is the object <key>.tflock, created with a conditional write and deleted after.
  statement {
    sid       = "StateLockFile"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.state_bucket_arn}/${var.state_object_key}.tflock"]
  }

  statement {
    sid       = "StateEncryption"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.state_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "plan_state" {
  name   = "terraform-state"
  role   = aws_iam_role.this["terraform-plan"].id
  policy = data.aws_iam_policy_document.state.json
}

data "aws_iam_policy_document" "plan_read" {
  #checkov:skip=CKV_AWS_356:Refresh reads every resource the stack manages, whose ARNs are unknown until created; only metadata reads (Describe/Get/List) are granted and data reads are denied below.
  statement {
    sid       = "RefreshManagedResources"
    actions   = var.plan_read_actions
    resources = ["*"]
  }

  # Belt and braces: even if a read action above is widened later, these never read data or secrets.
  statement {
    sid    = "NeverReadData"
    effect = "Deny"
    actions = [
      "secretsmanager:GetSecretValue",
      "ssm:GetParameter*",
      "dynamodb:GetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "logs:GetLogEvents",
      "logs:FilterLogEvents",
      "logs:StartQuery",
      "sqs:ReceiveMessage",
      "ec2:GetPasswordData",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchGetImage",
    ]
    resources = ["*"]
  }

  statement {
    sid           = "NoObjectsOutsideTheState"
    effect        = "Deny"
    actions       = ["s3:GetObject*"]
    not_resources = ["${var.state_bucket_arn}/${var.state_object_key}", "${var.state_bucket_arn}/${var.state_object_key}.tflock"]
  }
}

resource "aws_iam_role_policy" "plan_read" {
  name   = "terraform-plan-read"
  role   = aws_iam_role.this["terraform-plan"].id
  policy = data.aws_iam_policy_document.plan_read.json
}

# ---------------------------------------------------------------------------------------------------------
# terraform-apply: creates IAM roles, clusters and data stores, so it is administrator; it can be assumed
# only from the protected GitHub environment (required reviewers), never from a pull request.
# ---------------------------------------------------------------------------------------------------------
resource "aws_iam_role_policy_attachment" "apply_admin" {
  role       = aws_iam_role.this["terraform-apply"].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}
