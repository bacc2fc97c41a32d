# ---------------------------------------------------------------------------------------------------------
# User pool: the OIDC issuer the services and the Gateway trust
# ---------------------------------------------------------------------------------------------------------
resource "aws_cognito_user_pool" "this" {
  name = var.name

  # People are invited by an admin (AdminCreateUser); nobody signs up on their own.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  mfa_configuration        = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length                   = 14
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  # make teardown must be able to delete it.
  deletion_protection = "INACTIVE"

  tags = var.tags
}

# The token endpoint (client_credentials, authorization code) lives on the pool's domain.
resource "aws_cognito_user_pool_domain" "this" {
  domain       = var.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}

# Members get "admin" in their access token's cognito:groups claim: list and delete users, pay and ship orders.
resource "aws_cognito_user_group" "admin" {
  name         = "admin"
  user_pool_id = aws_cognito_user_pool.this.id
  description  = "kubeflow-ops administrators"
}

# ---------------------------------------------------------------------------------------------------------
# The API as a resource server, and its clients
# ---------------------------------------------------------------------------------------------------------
resource "aws_cognito_resource_server" "this" {
  identifier   = var.resource_server
  name         = var.resource_server
  user_pool_id = aws_cognito_user_pool.this.id

  scope {
    scope_name        = "service"
    scope_description = "A service calling another with its own identity"
  }
}

# People log in through the hosted UI with authorization code + PKCE; a public client has no secret.
resource "aws_cognito_user_pool_client" "users" {
  name         = "${var.name}-users"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email"]
  callback_urls                        = var.user_callback_urls
  supported_identity_providers         = ["COGNITO"]
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true

  access_token_validity = var.access_token_validity_minutes
  id_token_validity     = var.access_token_validity_minutes
  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

# One confidential client per calling service: client_credentials for the service scope only.
resource "aws_cognito_user_pool_client" "service" {
  for_each = toset(var.service_clients)

  name         = "${var.name}-${each.key}"
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["client_credentials"]
  allowed_oauth_scopes                 = ["${aws_cognito_resource_server.this.identifier}/service"]
  supported_identity_providers         = ["COGNITO"]
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true

  access_token_validity = var.access_token_validity_minutes
  token_validity_units {
    access_token = "minutes"
  }
}

# ---------------------------------------------------------------------------------------------------------
# Service client credentials in Secrets Manager (External Secrets -> OIDC_CLIENT_ID / OIDC_CLIENT_SECRET)
# ---------------------------------------------------------------------------------------------------------
resource "aws_secretsmanager_secret" "service" {
  #checkov:skip=CKV2_AWS_57:Cognito rotates no client secret by itself; a new one comes with a replaced app client (terraform apply -replace), and External Secrets picks it up.
  #checkov:skip=CKV_AWS_149:The AWS managed key encrypts it at rest; a customer key would add a key policy and a kms:Decrypt grant to the External Secrets role for one client credential.
  for_each = toset(var.service_clients)

  name        = "${var.secret_prefix}/${each.key}-oidc"
  description = "Cognito app client of ${each.key} (client_id, client_secret) for its client-credentials token"

  # make teardown then make deploy recreates the same name: a recovery window would keep the name taken for days.
  recovery_window_in_days = 0

  tags = var.tags
}

# The secret is in the Terraform state anyway (Cognito returns it as an attribute of the app client); the state
# bucket is encrypted with its own KMS key and readable only by the deploy roles.
resource "aws_secretsmanager_secret_version" "service" {
  for_each = toset(var.service_clients)

  secret_id = aws_secretsmanager_secret.service[each.key].id
  secret_string = jsonencode({
    client_id     = aws_cognito_user_pool_client.service[each.key].id
    client_secret = aws_cognito_user_pool_client.service[each.key].client_secret
  })
}

data "aws_region" "current" {}
