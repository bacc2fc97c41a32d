# ---------------------------------------------------------------------------------------------------------
# Sender: the environment's domain as an SES identity, signed with Easy DKIM (three CNAMEs in its zone)
# ---------------------------------------------------------------------------------------------------------
resource "aws_sesv2_email_identity" "this" {
  email_identity         = var.domain
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }

  tags = var.tags
}

resource "aws_route53_record" "dkim" {
  count = 3

  zone_id = var.route53_zone_id
  name    = "${aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens[count.index]}._domainkey.${var.domain}"
  type    = "CNAME"
  ttl     = 1800
  records = ["${aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens[count.index]}.dkim.amazonses.com"]
}

# ---------------------------------------------------------------------------------------------------------
# Sending: a configuration set that suppresses addresses that bounced or complained (the account-level
# reputation SES judges sandbox exits on), and its sending metrics in CloudWatch
# ---------------------------------------------------------------------------------------------------------
resource "aws_sesv2_configuration_set" "this" {
  configuration_set_name = var.name

  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }

  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------
# Sandbox: a new account may send only to verified addresses. Each address here gets a verification mail;
# once its owner clicks the link it can receive the platform's mails before production access is granted.
# ---------------------------------------------------------------------------------------------------------
resource "aws_sesv2_email_identity" "recipient" {
  for_each = toset(var.sandbox_recipients)

  email_identity = each.value

  tags = var.tags
}
