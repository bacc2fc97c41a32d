output "issuer" {
  description = "OIDC issuer URL (the iss claim; discovery at <issuer>/.well-known/openid-configuration): the services' OIDC_ISSUER."
  value       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "jwks_uri" {
  description = "URL of the pool's signing keys (JWKS), for the Gateway's SecurityPolicy."
  value       = "https://${aws_cognito_user_pool.this.endpoint}/.well-known/jwks.json"
}

output "token_endpoint" {
  description = "OAuth2 token endpoint on the pool's domain (client_credentials, authorization code)."
  value       = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.region}.amazoncognito.com/oauth2/token"
}

output "user_pool_id" {
  description = "Id of the user pool (to invite users and add them to the admin group)."
  value       = aws_cognito_user_pool.this.id
}

output "users_client_id" {
  description = "App client id people log in with (authorization code + PKCE)."
  value       = aws_cognito_user_pool_client.users.id
}

output "service_client_secret_arns" {
  description = "Secrets Manager ARN of each service client's credentials, by service."
  value       = { for k, s in aws_secretsmanager_secret.service : k => s.arn }
}
