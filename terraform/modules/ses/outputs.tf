output "sender" {
  description = "The From address of the platform's mails (notification-service's MAIL_FROM)."
  value       = "${var.sender_local_part}@${var.domain}"
}

output "identity_arn" {
  description = "ARN of the domain identity: the resource of the sending role's ses:SendEmail permission."
  value       = aws_sesv2_email_identity.this.arn
}

output "configuration_set_name" {
  description = "Configuration set every mail is sent with (the identity's default)."
  value       = aws_sesv2_configuration_set.this.configuration_set_name
}

output "configuration_set_arn" {
  description = "ARN of the configuration set (ses:SendEmail is also authorised on it)."
  value       = aws_sesv2_configuration_set.this.arn
}
