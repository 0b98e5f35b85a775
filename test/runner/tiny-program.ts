import * as path from "node:path";

/** The tiny fixture program and the engine urns its resources get. */
export const TINY_PROGRAM = path.join(__dirname, "..", "fixtures", "programs", "tiny");

export const TINY_URNS = {
    STACK: "urn:pulumi:dev::tiny::pulumi:pulumi:Stack::tiny-dev",
    ACCOUNT: "urn:pulumi:dev::tiny::pulumi:providers:aws::account",
    DEFAULT_PROVIDER: "urn:pulumi:dev::tiny::pulumi:providers:aws::default_7_48_0",
    VPC: "urn:pulumi:dev::tiny::aws:ec2/vpc:Vpc::main",
    SUBNET: "urn:pulumi:dev::tiny::aws:ec2/subnet:Subnet::app-a",
    NET: "urn:pulumi:dev::tiny::acme:net:Net::net",
    SG: "urn:pulumi:dev::tiny::acme:net:Net$aws:ec2/securityGroup:SecurityGroup::sg",
    DB: "urn:pulumi:dev::tiny::aws:rds/instance:Instance::db",
} as const;
