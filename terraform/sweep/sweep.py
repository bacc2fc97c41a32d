"""After `tofu destroy`: list what is still there for the project or its cluster, and fail if anything is.

`tofu destroy` removes what Terraform created. What the cluster's controllers created (EBS volumes of
PersistentVolumeClaims, Karpenter's instances, the load balancers of Services and Gateways, network
interfaces, log groups that AWS services create on first use) is invisible to it and keeps billing. This looks
for both kinds:

  * every resource the Resource Groups Tagging API lists with the project's tag (Terraform's default_tags
    Project=<project>, Karpenter's project=<project>) or a tag of the cluster (kubernetes.io/cluster/<cluster>,
    karpenter.sh/discovery, elbv2.k8s.aws/cluster, cluster.k8s.amazonaws.com/name);
  * and, whatever their tags, the cluster's EBS volumes, network interfaces, load balancers (ALB/NLB and
    classic), EC2 instances and CloudWatch log groups, found by the names and tags EKS, the VPC CNI, the EBS CSI
    driver, the load balancer controllers and Karpenter give them.

With --keep-state the state bucket and its KMS key (terraform/bootstrap, kept by `make teardown` without
STATE=1) are expected and not reported. A KMS key pending deletion is reported as going, not as left.
Exit status: 0 nothing left, 1 something left, 2 the sweep could not run (credentials, permissions).

  python terraform/sweep/sweep.py --region eu-west-1 --cluster kubeflow-ops-dev [--project kubeflow-ops] [--keep-state]

AWS_ENDPOINT_URL points it at an emulator (the test runs it against moto's server mode).
"""

import argparse
import sys

import boto3
import botocore.exceptions

GONE_INSTANCE_STATES = {"terminated"}


class Sweep:
    def __init__(self, session, project, cluster, keep_state):
        self.s, self.project, self.cluster, self.keep_state = session, project, cluster, keep_state
        self.left = {}  # ARN -> why it counts (the first reason found)
        self.going = {}
        self.arn_prefix = None

    def arn(self, service, resource):
        if self.arn_prefix is None:
            ident = self.s.client("sts").get_caller_identity()
            partition = ident["Arn"].split(":")[1]
            self.arn_prefix = (partition, self.s.region_name, ident["Account"])
        partition, region, account = self.arn_prefix
        return f"arn:{partition}:{service}:{region}:{account}:{resource}"

    def add(self, arn, why):
        self.left.setdefault(arn, why)

    def pages(self, client, op, key, **kw):
        c = self.s.client(client)
        if c.can_paginate(op):
            for page in c.get_paginator(op).paginate(**kw):
                yield from page.get(key, [])
        else:
            yield from getattr(c, op)(**kw).get(key, [])

    # ---- tagged for the project or the cluster ---------------------------------------------------------------
    def tag_filters(self):
        c = self.cluster
        return [
            [{"Key": "Project", "Values": [self.project]}],
            [{"Key": "project", "Values": [self.project]}],
            [{"Key": f"kubernetes.io/cluster/{c}"}],
            [{"Key": "karpenter.sh/discovery", "Values": [c]}],
            [{"Key": "elbv2.k8s.aws/cluster", "Values": [c]}],
            [{"Key": "cluster.k8s.amazonaws.com/name", "Values": [c]}],
        ]

    def tagged(self):
        for filters in self.tag_filters():
            for r in self.pages("resourcegroupstaggingapi", "get_resources", "ResourceTagMappingList", TagFilters=filters):
                arn, tags = r["ResourceARN"], {t["Key"]: t["Value"] for t in r.get("Tags", [])}
                if self.expected(arn, tags) or self.gone(arn):
                    continue
                key = filters[0]["Key"]
                self.add(arn, f"tagged {key}={tags.get(key, '')}".rstrip("="))

    def expected(self, arn, tags):
        if not self.keep_state:
            return False
        bucket = f"{self.project}-tfstate-"
        return (arn.startswith(f"arn:aws:s3:::{bucket}") or arn.split(":::")[-1].startswith(bucket)
                or (tags.get("Stack") == "bootstrap" and ":kms:" in arn))

    def gone(self, arn):
        """The tagging API lists some resources for a while after they are deleted; ask the service."""
        try:
            if ":ec2:" in arn and ":instance/" in arn:
                iid = arn.rsplit("/", 1)[1]
                res = self.s.client("ec2").describe_instances(InstanceIds=[iid])["Reservations"]
                states = [i["State"]["Name"] for r in res for i in r["Instances"]]
                return not states or all(s in GONE_INSTANCE_STATES for s in states)
            if ":kms:" in arn and ":key/" in arn:
                state = self.s.client("kms").describe_key(KeyId=arn)["KeyMetadata"]["KeyState"]
                if state == "PendingDeletion":
                    self.going[arn] = "KMS key pending deletion (not billed, gone after its waiting period)"
                    return True
        except botocore.exceptions.ClientError as e:
            code = e.response["Error"]["Code"]
            if code in ("InvalidInstanceID.NotFound", "NotFoundException"):
                return True
            raise
        return False

    # ---- the cluster's own, whatever their tags --------------------------------------------------------------
    def volumes(self):
        c = self.cluster
        for filt in ([{"Name": f"tag-key", "Values": [f"kubernetes.io/cluster/{c}"]}],
                     [{"Name": "tag:KubernetesCluster", "Values": [c]}],
                     [{"Name": "tag:eks:cluster-name", "Values": [c]}]):
            for v in self.pages("ec2", "describe_volumes", "Volumes", Filters=filt):
                self.add(self.arn("ec2", f"volume/{v['VolumeId']}"), f"EBS volume of the cluster, {v['Size']} GiB {v['VolumeType']}, {v['State']}")

    def interfaces(self):
        c = self.cluster
        for filt in ([{"Name": "tag:cluster.k8s.amazonaws.com/name", "Values": [c]}],
                     [{"Name": "description", "Values": [f"Amazon EKS {c}"]}],
                     [{"Name": "tag-key", "Values": [f"kubernetes.io/cluster/{c}"]}]):
            for n in self.pages("ec2", "describe_network_interfaces", "NetworkInterfaces", Filters=filt):
                self.add(self.arn("ec2", f"network-interface/{n['NetworkInterfaceId']}"), f"ENI of the cluster: {n.get('Description', '')}".strip())

    def instances(self):
        c = self.cluster
        for filt in ([{"Name": "tag-key", "Values": [f"kubernetes.io/cluster/{c}"]}],
                     [{"Name": "tag:eks:cluster-name", "Values": [c]}]):
            for r in self.pages("ec2", "describe_instances", "Reservations", Filters=filt):
                for i in r["Instances"]:
                    if i["State"]["Name"] not in GONE_INSTANCE_STATES:
                        self.add(self.arn("ec2", f"instance/{i['InstanceId']}"), f"node of the cluster, {i['InstanceType']}, {i['State']['Name']}")

    def load_balancers(self):
        c = self.cluster
        ours = {f"kubernetes.io/cluster/{c}", "elbv2.k8s.aws/cluster"}
        elbv2 = self.s.client("elbv2")
        arns = [lb["LoadBalancerArn"] for lb in self.pages("elbv2", "describe_load_balancers", "LoadBalancers")]
        for i in range(0, len(arns), 20):
            for d in elbv2.describe_tags(ResourceArns=arns[i:i + 20])["TagDescriptions"]:
                tags = {t["Key"]: t["Value"] for t in d.get("Tags", [])}
                if f"kubernetes.io/cluster/{c}" in tags or tags.get("elbv2.k8s.aws/cluster") == c:
                    self.add(d["ResourceArn"], "load balancer of the cluster")
        elb = self.s.client("elb")
        names = [lb["LoadBalancerName"] for lb in self.pages("elb", "describe_load_balancers", "LoadBalancerDescriptions")]
        for i in range(0, len(names), 20):
            for d in elb.describe_tags(LoadBalancerNames=names[i:i + 20])["TagDescriptions"]:
                if ours & {t["Key"] for t in d.get("Tags", [])}:
                    self.add(self.arn("elasticloadbalancing", f"loadbalancer/{d['LoadBalancerName']}"), "classic load balancer of the cluster")

    def log_groups(self):
        # EKS (/aws/eks/<cluster>/), RDS (/aws/rds/instance/<id>/, the instance is named like the cluster),
        # VPC flow logs, Container Insights: every group whose name holds the cluster's name.
        for g in self.pages("logs", "describe_log_groups", "logGroups"):
            if self.cluster in g["logGroupName"]:
                days = g.get("retentionInDays")
                self.add(self.arn("logs", f"log-group:{g['logGroupName']}"),
                         f"log group, {g.get('storedBytes', 0)} bytes, retention {days or 'never expires'}")

    def run(self):
        # Service listings first: their reasons say more than "tagged ...".
        for step in (self.volumes, self.interfaces, self.instances, self.load_balancers, self.log_groups, self.tagged):
            step()
        return self.left


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--region", required=True)
    p.add_argument("--cluster", required=True)
    p.add_argument("--project", default="kubeflow-ops")
    p.add_argument("--keep-state", action="store_true", help="the state bucket and its KMS key are expected")
    a = p.parse_args(argv)
    sweep = Sweep(boto3.Session(region_name=a.region), a.project, a.cluster, a.keep_state)
    try:
        left = sweep.run()
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        print(f"sweep: could not list the account's resources: {e}", file=sys.stderr)
        return 2
    for ident, why in sorted(sweep.going.items()):
        print(f"  going  {ident}  ({why})")
    if left:
        print(f"sweep: {len(left)} resource(s) of project {a.project} / cluster {a.cluster} left in {a.region}:")
        for ident, why in sorted(left.items()):
            print(f"  LEFT   {ident}  ({why})")
        print("Delete them (or find what still owns them) before they bill; docs/deploy.md#after-a-teardown says how.")
        return 1
    kept = " (state bucket and key kept)" if a.keep_state else ""
    print(f"sweep: nothing of project {a.project} / cluster {a.cluster} left in {a.region}{kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
