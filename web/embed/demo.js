// The live demo of embed/index.html: every answer on the page comes from the engine, computed here.
import { load } from './vpclab.js';

const status = document.getElementById('demo-status');
const $ = (id) => document.getElementById(id);
const json = (value) => JSON.stringify(value, null, 2);

/** Shows a call (as code) and its answer. */
function show(name, call, answer) {
  $(`call-${name}`).textContent = call;
  $(`demo-${name}`).textContent = json(answer);
}

// Two tiny `aws ec2 describe-*` outputs, as the CLI prints them.
const VPCS = `{
  "Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16", "State": "available", "IsDefault": false}]
}`;
const SUBNETS = `{
  "Subnets": [{"SubnetId": "subnet-0c2d", "VpcId": "vpc-0a1b", "CidrBlock": "10.0.1.0/24",
               "AvailabilityZone": "us-east-1a", "State": "available", "MapPublicIpOnLaunch": false}]
}`;

try {
  const vpclab = await load();
  window.vpclab = vpclab; // for the browser console
  $('version').textContent = vpclab.version();

  // 1. examples()
  const gallery = vpclab.examples();
  show('examples', 'vpclab.examples().examples.map((e) => `${e.id}: ${e.title}`)',
    gallery.examples.map((e) => `${e.id}: ${e.title}`));

  // 2. trace()
  const example = gallery.examples.find((e) => e.id === 's3-gateway-endpoint');
  const flow = example.diagram.flows[0];
  const traced = vpclab.trace(example.diagram, flow);
  show('trace', `vpclab.trace(example.diagram, ${JSON.stringify(flow)})`, traced);
  $('demo-trace-verdict').textContent = traced.type === 'success'
    ? `reachable: ${traced.reachable}, network: ${traced.network}, cost: $${traced.cost.usd_per_month} a month`
    : `failure: ${traced.errors[0].message}`;

  // 3. check()
  const onprem = gallery.examples.find((e) => e.id === 'onprem-s3-interface-endpoint');
  show('check', "vpclab.check(examples.find((e) => e.id === 'onprem-s3-interface-endpoint').diagram)",
    vpclab.check(onprem.diagram));

  // 4. encodeLink() / decodeLink()
  const base = new URL('../index.html', location.href).href;
  const encoded = vpclab.encodeLink(example.diagram, base);
  show('link', 'vpclab.encodeLink(example.diagram, new URL(\'../index.html\', location.href).href)', encoded);
  const decoded = vpclab.decodeLink(encoded.link);
  // The decoded diagram is the example's: shown in brief (the whole topology is long).
  $('demo-decode').textContent = `// vpclab.decodeLink(link), in brief\n${json({
    type: decoded.type,
    findings: decoded.findings,
    same_as_example: JSON.stringify(decoded.diagram) === JSON.stringify(example.diagram),
    flows: decoded.diagram?.flows.map((f) => f.label),
    vpcs: decoded.diagram?.topology.vpcs.map((v) => v.id),
  })}`;
  show('bad-link', "vpclab.decodeLink('v9.abc')", vpclab.decodeLink('v9.abc'));

  // 5. importAws()
  show('import',
    "vpclab.importAws([{name: 'us-east-1/vpcs.json', text: VPCS}, {name: 'us-east-1/subnets.json', text: SUBNETS}])\n" +
      `// VPCS = ${VPCS}\n// SUBNETS = ${SUBNETS}`,
    vpclab.importAws([{ name: 'us-east-1/vpcs.json', text: VPCS }, { name: 'us-east-1/subnets.json', text: SUBNETS }]));

  // 6. a bad argument
  show('bad', "vpclab.trace({vpcs: 'none'}, {from: 'i-app', to: 'i-db', gbPerMonth: 5})",
    vpclab.trace({ vpcs: 'none' }, { from: 'i-app', to: 'i-db', gbPerMonth: 5 }));

  status.dataset.state = 'ready';
  status.textContent = 'The engine is running: every answer below was computed just now, in this page.';
} catch (err) {
  status.dataset.state = 'failed';
  status.textContent = `The engine could not start: ${err?.message ?? err}`;
}
