output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the EKS cluster."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the Kubernetes API server."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_security_group_id" {
  description = "Security group EKS attaches to the control plane and every node; data stores admit traffic from it."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for IRSA."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "oidc_issuer" {
  description = "OIDC issuer of the cluster without \"https://\" (the prefix of IRSA trust-policy condition keys)."
  value       = local.oidc_issuer
}

output "node_role_arn" {
  description = "ARN of the IAM role of the managed node group."
  value       = aws_iam_role.node.arn
}

output "ebs_csi_role_arn" {
  description = "ARN of the IRSA role of the EBS CSI driver controller."
  value       = module.ebs_csi_irsa.role_arn
}

output "karpenter_controller_role_arn" {
  description = "ARN of the IRSA role of the Karpenter controller."
  value       = module.karpenter_irsa.role_arn
}

output "karpenter_node_role_name" {
  description = "Name of the IAM role Karpenter nodes run with (EC2NodeClass spec.role)."
  value       = aws_iam_role.karpenter_node.name
}

output "karpenter_interruption_queue_name" {
  description = "Name of the SQS queue Karpenter reads interruption events from (settings.interruptionQueue)."
  value       = aws_sqs_queue.karpenter_interruption.name
}
