#!/usr/bin/env python3
"""Write a generated `aws ec2 describe-*` snapshot of N VPCs x S subnets, plus a flows file, for the
account-scale measurements of BENCHMARKS.md (§5).

The shape is the one of `vpclab_core::synth::generate` (one instance per subnet, IGW + NAT + S3 gateway
endpoint per VPC, odd subnets private behind the NAT gateway, each VPC peered with the next in a ring), but
written here independently, as AWS prints it, so that the measurement includes the importer.

    scripts/gen-snapshot.py OUT_DIR [--vpcs 1000] [--subnets 10] [--flows 1000]

writes OUT_DIR/snapshot/*.json (one file per describe call) and OUT_DIR/flows.json (a mix of S3, SQS,
same-VPC and peer-VPC flows).
"""
import argparse
import json
import os

REGION = "us-east-1"
S3_PL = "pl-63a5400a"


def vpc_base(i):
    return i // 16, (i % 16) * 16


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--vpcs", type=int, default=1000)
    ap.add_argument("--subnets", type=int, default=10)
    ap.add_argument("--flows", type=int, default=1000)
    a = ap.parse_args()
    n, s_per = a.vpcs, max(1, min(16, a.subnets))
    snap = os.path.join(a.out, "snapshot")
    os.makedirs(snap, exist_ok=True)

    vpcs, subnets, rtbs, igws, nats, sgs, insts, vpces, pcxs, acls = ([] for _ in range(10))
    for i in range(n):
        a0, b0 = vpc_base(i)
        vpc = f"vpc-{i:05x}aa"
        vpcs.append({"VpcId": vpc, "CidrBlock": f"10.{a0}.{b0}.0/20", "State": "available",
                     "OwnerId": "111122223333", "IsDefault": False,
                     "CidrBlockAssociationSet": [{"CidrBlock": f"10.{a0}.{b0}.0/20",
                                                  "CidrBlockState": {"State": "associated"}}]})
        igw = f"igw-{i:05x}aa"
        igws.append({"InternetGatewayId": igw, "Attachments": [{"VpcId": vpc, "State": "available"}]})
        sg = f"sg-{i:05x}aa"
        sgs.append({"GroupId": sg, "GroupName": "app", "VpcId": vpc, "Description": "app",
                    "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                                       "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}],
                    "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})
        acls.append({"NetworkAclId": f"acl-{i:05x}aa", "VpcId": vpc, "IsDefault": True,
                     "Associations": [{"SubnetId": f"subnet-{i:05x}{s:02x}"} for s in range(s_per)],
                     "Entries": [
                         {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": e,
                          "CidrBlock": "0.0.0.0/0"} for e in (False, True)] + [
                         {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": e,
                          "CidrBlock": "0.0.0.0/0"} for e in (False, True)]})
        public, private = [], []
        for s in range(s_per):
            sid = f"subnet-{i:05x}{s:02x}"
            az = "us-east-1a" if s % 2 == 0 else "us-east-1b"
            c = b0 + s
            subnets.append({"SubnetId": sid, "VpcId": vpc, "AvailabilityZone": az,
                            "CidrBlock": f"10.{a0}.{c}.0/24", "State": "available"})
            (public if s % 2 == 0 else private).append(sid)
            inst = {"InstanceId": f"i-{i:05x}{s:02x}", "SubnetId": sid, "VpcId": vpc,
                    "PrivateIpAddress": f"10.{a0}.{c}.10", "State": {"Name": "running"},
                    "SecurityGroups": [{"GroupId": sg, "GroupName": "app"}]}
            if s % 2 == 0:
                inst["PublicIpAddress"] = f"54.{i // 256}.{i % 256}.{s + 1}"
            insts.append(inst)
        nat = f"nat-{i:05x}aa"
        nats.append({"NatGatewayId": nat, "SubnetId": public[0], "VpcId": vpc, "State": "available",
                     "ConnectivityType": "public",
                     "NatGatewayAddresses": [{"PrivateIp": f"10.{a0}.{b0}.5",
                                              "PublicIp": f"52.{1 + i // 256}.{i % 256}.1"}]})
        peer_routes = []
        if n > 1:
            na, nb = vpc_base((i + 1) % n)
            pa, pb = vpc_base((i + n - 1) % n)
            peer_routes.append({"DestinationCidrBlock": f"10.{na}.{nb}.0/20",
                                "VpcPeeringConnectionId": f"pcx-{i:05x}aa", "State": "active",
                                "Origin": "CreateRoute"})
            if n > 2:
                peer_routes.append({"DestinationCidrBlock": f"10.{pa}.{pb}.0/20",
                                    "VpcPeeringConnectionId": f"pcx-{(i + n - 1) % n:05x}aa",
                                    "State": "active", "Origin": "CreateRoute"})
        local = {"DestinationCidrBlock": f"10.{a0}.{b0}.0/20", "GatewayId": "local", "State": "active",
                 "Origin": "CreateRouteTable"}
        s3 = {"DestinationPrefixListId": S3_PL, "GatewayId": f"vpce-{i:05x}aa", "State": "active",
              "Origin": "CreateRoute"}
        for kind, members, default, main in (("public", public, {"GatewayId": igw}, True),
                                             ("private", private, {"NatGatewayId": nat}, False)):
            assoc = [{"SubnetId": sid, "Main": False} for sid in members]
            if main:
                assoc.append({"Main": True})
            rtbs.append({"RouteTableId": f"rtb-{i:05x}{'a' if main else 'b'}a", "VpcId": vpc,
                         "Associations": assoc,
                         "Routes": [local] + peer_routes + [s3, dict(
                             DestinationCidrBlock="0.0.0.0/0", State="active", Origin="CreateRoute",
                             **default)]})
        vpces.append({"VpcEndpointId": f"vpce-{i:05x}aa", "VpcEndpointType": "Gateway", "VpcId": vpc,
                      "ServiceName": f"com.amazonaws.{REGION}.s3", "State": "available",
                      "RouteTableIds": [f"rtb-{i:05x}aa", f"rtb-{i:05x}ba"]})
        if n > 1 and (i + 1 < n or n > 2):
            pcxs.append({"VpcPeeringConnectionId": f"pcx-{i:05x}aa", "Status": {"Code": "active"},
                         "RequesterVpcInfo": {"VpcId": vpc, "OwnerId": "111122223333", "Region": REGION},
                         "AccepterVpcInfo": {"VpcId": f"vpc-{(i + 1) % n:05x}aa", "OwnerId": "111122223333",
                                             "Region": REGION}})

    files = {
        "describe-vpcs.json": {"Vpcs": vpcs},
        "describe-subnets.json": {"Subnets": subnets},
        "describe-route-tables.json": {"RouteTables": rtbs},
        "describe-internet-gateways.json": {"InternetGateways": igws},
        "describe-nat-gateways.json": {"NatGateways": nats},
        "describe-security-groups.json": {"SecurityGroups": sgs},
        "describe-network-acls.json": {"NetworkAcls": acls},
        "describe-instances.json": {"Reservations": [{"ReservationId": "r-1", "Instances": insts}]},
        "describe-vpc-endpoints.json": {"VpcEndpoints": vpces},
        "describe-vpc-peering-connections.json": {"VpcPeeringConnections": pcxs},
        "describe-prefix-lists.json": {"PrefixLists": [{
            "PrefixListId": S3_PL, "PrefixListName": f"com.amazonaws.{REGION}.s3",
            "Cidrs": ["54.231.0.0/17", "52.216.0.0/15", "3.5.16.0/21", "3.5.0.0/20"]}]},
    }
    for name, body in files.items():
        with open(os.path.join(snap, name), "w") as f:
            json.dump(body, f, indent=1)

    # A mix of flows: S3 (through the gateway endpoint), SQS (through NAT and IGW), same VPC, the next VPC.
    flows = []
    for k in range(a.flows):
        i = (k // 4 * 7919) % n
        s = (k % s_per)
        kind = k % 4
        src = f"i-{i:05x}{s:02x}"
        if kind == 0:
            flows.append({"from": src, "to": f"s3.{REGION}.amazonaws.com", "gb_per_month": 100})
        elif kind == 1:
            flows.append({"from": src, "to": f"sqs.{REGION}.amazonaws.com", "gb_per_month": 50})
        elif kind == 2:
            flows.append({"from": src, "to": f"i-{i:05x}{(s + 1) % s_per:02x}", "port": 443,
                          "gb_per_month": 10})
        else:
            na, nb = vpc_base((i + 1) % n)
            flows.append({"from": src, "to": f"10.{na}.{nb + 1}.10", "port": 443, "gb_per_month": 20})
    with open(os.path.join(a.out, "flows.json"), "w") as f:
        json.dump(flows, f, indent=1)
    print(f"wrote {len(files)} describe files ({n} VPCs x {s_per} subnets) and {len(flows)} flows to {a.out}")


if __name__ == "__main__":
    main()
