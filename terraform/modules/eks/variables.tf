variable "cluster_name" {
  description = "Name of the EKS cluster, e.g. \"kubeflow-ops-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,38}$", var.cluster_name))
    error_message = "cluster_name must be 3-39 lower-case letters, digits or '-', starting with a letter (it prefixes IAM role names)."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane, pinned (e.g. \"1.34\"); upgrade one minor at a time."
  type        = string

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like \"1.34\"."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the control-plane network interfaces and the nodes."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must name at least two subnets in different availability zones."
  }
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public Kubernetes API endpoint. Narrow it to the operators' and CI's addresses."
  type        = list(string)

  validation {
    condition     = length(var.endpoint_public_access_cidrs) > 0 && alltrue([for c in var.endpoint_public_access_cidrs : can(cidrhost(c, 0))])
    error_message = "endpoint_public_access_cidrs must hold one or more IPv4 CIDRs."
  }
}

variable "node_group" {
  description = "The managed node group that runs the system pods (Karpenter provisions the rest)."
  type = object({
    instance_types = optional(list(string), ["t3.medium"])
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = optional(number, 2)
    desired_size   = optional(number, 2)
    max_size       = optional(number, 3)
    disk_size_gib  = optional(number, 20)
  })
  default = {}

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_group.capacity_type)
    error_message = "node_group.capacity_type must be ON_DEMAND or SPOT."
  }

  validation {
    condition     = var.node_group.min_size <= var.node_group.desired_size && var.node_group.desired_size <= var.node_group.max_size
    error_message = "node_group sizes must satisfy min_size <= desired_size <= max_size."
  }
}

variable "admin_principal_arns" {
  description = "IAM principals (users or roles) given cluster-admin through EKS access entries, e.g. the operators' SSO role and the CI apply role."
  type        = list(string)
  default     = []
}

variable "addon_versions" {
  description = "Versions of the core add-ons keyed by add-on name (vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver); a missing key takes the default version EKS picks for the cluster version."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.addon_versions) : contains(["vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver"], k)])
    error_message = "addon_versions keys must be vpc-cni, coredns, kube-proxy or aws-ebs-csi-driver."
  }
}

variable "karpenter_namespace" {
  description = "Namespace the Karpenter controller runs in (its ServiceAccount is named \"karpenter\")."
  type        = string
  default     = "kube-system"
}

variable "log_retention_days" {
  description = "Retention of the control-plane log group, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
