"""The post-destroy sweep against moto's server mode (an AWS API emulator): seeded with what a failed teardown
leaves, it must name every piece and fail; on a clean account, or one holding only another project's resources
and the kept state bucket, it must pass.

  boto3-python -m unittest -v terraform/sweep/sweep_test.py       (moto_server on PATH: make tf-sweep-test)
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
REGION, CLUSTER, PROJECT = "eu-west-1", "kubeflow-ops-dev", "kubeflow-ops"
ACCOUNT = "123456789012"  # moto's


def arn(service, resource):
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"
OURS = [{"Key": "Project", "Value": PROJECT}, {"Key": "Environment", "Value": "dev"}]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SweepAgainstMoto(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        server = shutil.which("moto_server")
        if not server:
            raise RuntimeError("moto_server is not on PATH (make tf-sweep-test installs it)")
        cls.port = free_port()
        cls.url = f"http://127.0.0.1:{cls.port}"
        cls.log = open(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"moto-{cls.port}.log"), "w")
        cls.proc = subprocess.Popen([server, "-H", "127.0.0.1", "-p", str(cls.port)], stdout=cls.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(cls.url + "/moto-api/", timeout=1)
                break
            except OSError:
                if time.time() > deadline or cls.proc.poll() is not None:
                    raise RuntimeError(f"moto_server did not start (log: {cls.log.name})")
                time.sleep(0.2)
        cls.env = dict(os.environ, AWS_ENDPOINT_URL=cls.url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                       AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
            cls.env.pop(k, None)

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(10)
        cls.log.close()

    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.url + "/moto-api/reset", method="POST"), timeout=10)
        self.aws = boto3.Session(region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")

    def client(self, name):
        return self.aws.client(name, endpoint_url=self.url)

    def sweep(self, *extra):
        res = subprocess.run([sys.executable, os.path.join(HERE, "sweep.py"), "--region", REGION, "--cluster", CLUSTER,
                              "--project", PROJECT, *extra], env=self.env, capture_output=True, text=True, timeout=120)
        left = {line.split()[1] for line in res.stdout.splitlines() if line.strip().startswith("LEFT")}
        return res, left

    # ---- seeds -------------------------------------------------------------------------------------------------
    def other_projects(self):
        """Resources a shared account holds for someone else: never reported."""
        ec2 = self.client("ec2")
        ec2.create_volume(AvailabilityZone=REGION + "a", Size=8, TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "Project", "Value": "someone-else"},
                                                {"Key": "kubernetes.io/cluster/other-cluster", "Value": "owned"}]}])
        self.client("logs").create_log_group(logGroupName="/aws/eks/other-cluster/cluster")
        self.client("sqs").create_queue(QueueName="other-queue", tags={"Project": "someone-else"})

    def state_stack(self):
        """What make teardown without STATE=1 keeps on purpose."""
        s3 = self.client("s3")
        bucket = f"{PROJECT}-tfstate-{ACCOUNT}-{REGION}"
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "Project", "Value": PROJECT},
                                                                  {"Key": "Stack", "Value": "bootstrap"}]})
        key = self.client("kms").create_key(Description="state", Tags=[
            {"TagKey": "Project", "TagValue": PROJECT}, {"TagKey": "Stack", "TagValue": "bootstrap"}])
        return f"arn:aws:s3:::{bucket}", key["KeyMetadata"]["Arn"]

    def leftovers(self):
        """What a teardown that went wrong leaves: each kind the sweep promises to find. -> expected identifiers"""
        ec2, expected = self.client("ec2"), set()
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZone=REGION + "a")["Subnet"]["SubnetId"]
        # A Prometheus PVC's gp3 volume (EBS CSI, k8sTagClusterId): untagged for the project.
        pvc = ec2.create_volume(AvailabilityZone=REGION + "a", Size=100, VolumeType="gp3", TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": f"kubernetes.io/cluster/{CLUSTER}", "Value": "owned"},
                                                {"Key": "kubernetes.io/created-for/pvc/name", "Value": "prometheus-db"}]}])
        expected.add(arn("ec2", f"volume/{pvc['VolumeId']}"))
        # A VPC CNI interface left by a node that did not drain.
        eni = ec2.create_network_interface(SubnetId=subnet, Description="aws-K8S-i-0123456789abcdef0", TagSpecifications=[
            {"ResourceType": "network-interface", "Tags": [{"Key": "cluster.k8s.amazonaws.com/name", "Value": CLUSTER}]}])
        expected.add(arn("ec2", f"network-interface/{eni['NetworkInterface']['NetworkInterfaceId']}"))
        # A Karpenter node (its own lower-case project tag) still running.
        ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        node = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.medium", SubnetId=subnet,
                                 TagSpecifications=[{"ResourceType": "instance", "Tags": [
                                     {"Key": f"kubernetes.io/cluster/{CLUSTER}", "Value": "owned"},
                                     {"Key": "karpenter.sh/nodepool", "Value": "default"}]}])["Instances"][0]["InstanceId"]
        expected.add(arn("ec2", f"instance/{node}"))
        # The Gateway's NLB (AWS load balancer controller tags) and a classic ELB of a Service type LoadBalancer.
        nlb = self.client("elbv2").create_load_balancer(Name="k8s-gateway-envoy", Subnets=[subnet], Type="network",
                                                        Tags=[{"Key": "elbv2.k8s.aws/cluster", "Value": CLUSTER}])
        expected.add(nlb["LoadBalancers"][0]["LoadBalancerArn"])
        self.client("elb").create_load_balancer(
            LoadBalancerName="a1b2c3d4e5f6", Subnets=[subnet],
            Listeners=[{"Protocol": "TCP", "LoadBalancerPort": 80, "InstancePort": 30080}],
            Tags=[{"Key": f"kubernetes.io/cluster/{CLUSTER}", "Value": "owned"}])
        expected.add(arn("elasticloadbalancing", "loadbalancer/a1b2c3d4e5f6"))
        # Log groups AWS created on first use, outside Terraform and untagged.
        for name in (f"/aws/rds/instance/{CLUSTER}/postgresql", f"/aws/eks/{CLUSTER}/cluster"):
            self.client("logs").create_log_group(logGroupName=name)
            expected.add(arn("logs", f"log-group:{name}"))
        # A Terraform-created queue whose destroy failed half-way (tagged by default_tags).
        q = self.client("sqs").create_queue(QueueName="order-events", tags={"Project": PROJECT})
        attrs = self.client("sqs").get_queue_attributes(QueueUrl=q["QueueUrl"], AttributeNames=["QueueArn"])
        expected.add(attrs["Attributes"]["QueueArn"])
        return expected

    # ---- cases -------------------------------------------------------------------------------------------------
    def test_clean_account_passes(self):
        res, left = self.sweep()
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertEqual(left, set())
        self.assertIn("nothing of project", res.stdout)

    def test_other_projects_and_the_kept_state_pass_with_keep_state(self):
        self.other_projects()
        bucket, key = self.state_stack()
        res, left = self.sweep("--keep-state")
        self.assertEqual((res.returncode, left), (0, set()), res.stdout + res.stderr)
        # Without --keep-state (make teardown STATE=1) the state stack is a leftover like any other.
        res, left = self.sweep()
        self.assertEqual(res.returncode, 1, res.stdout + res.stderr)
        self.assertEqual(left, {bucket, key})

    def test_every_seeded_leftover_is_named_and_fails(self):
        self.other_projects()
        self.state_stack()
        expected = self.leftovers()
        res, left = self.sweep("--keep-state")
        self.assertEqual(res.returncode, 1, res.stdout + res.stderr)
        self.assertEqual(left, expected, res.stdout)

    def test_key_pending_deletion_is_going_not_left(self):
        kms = self.client("kms")
        key = kms.create_key(Description="eks secrets", Tags=[{"TagKey": "Project", "TagValue": PROJECT}])["KeyMetadata"]
        kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
        res, left = self.sweep()
        self.assertEqual((res.returncode, left), (0, set()), res.stdout + res.stderr)
        self.assertIn(f"going  {key['Arn']}", res.stdout)

    def test_terminated_instance_is_not_a_leftover(self):
        ec2 = self.client("ec2")
        ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        iid = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, TagSpecifications=[{"ResourceType": "instance", "Tags": [
            {"Key": f"kubernetes.io/cluster/{CLUSTER}", "Value": "owned"}, *OURS]}])["Instances"][0]["InstanceId"]
        ec2.terminate_instances(InstanceIds=[iid])
        res, left = self.sweep()
        self.assertEqual((res.returncode, left), (0, set()), res.stdout + res.stderr)

    def test_no_credentials_is_an_error_not_a_pass(self):
        env = dict(self.env, AWS_ENDPOINT_URL="http://127.0.0.1:9")  # nothing listens: the API cannot be reached
        res = subprocess.run([sys.executable, os.path.join(HERE, "sweep.py"), "--region", REGION, "--cluster", CLUSTER],
                             env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(res.returncode, 2, res.stdout + res.stderr)


if __name__ == "__main__":
    unittest.main()
