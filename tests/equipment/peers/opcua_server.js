// A node-opcua server (a non-Python OPC UA stack) for Lineside's driver tests.
// Serves the same nodes as tests/equipment/opcua_peers.py's asyncua peer: namespace urn:lineside:test,
// object Cabinet, one writable variable per Lineside type, Counter (UInt32, +1 every 50 ms) and Bad
// (BadSensorFailure).  Usage: node opcua_server.js PORT   (prints READY when listening)
const { OPCUAServer } = require("node-opcua-server");
const { DataType, Variant } = require("node-opcua-variant");
const { StatusCodes } = require("node-opcua-status-code");

const VALUES = {
  Flag: [DataType.Boolean, true],
  Int16: [DataType.Int16, -12345],
  UInt16: [DataType.UInt16, 54321],
  Int32: [DataType.Int32, -2000000123],
  UInt32: [DataType.UInt32, 4000000123],
  Float: [DataType.Float, 3.25],
  Double: [DataType.Double, -1234.5678901234],
  Text: [DataType.String, "WHEEL-0042 ok"],
};

(async () => {
  const port = parseInt(process.argv[2] || "4840", 10);
  const server = new OPCUAServer({ port, resourcePath: "/lineside", buildInfo: { productName: "lineside-test" },
                                   allowAnonymous: true });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  const ns = addressSpace.registerNamespace("urn:lineside:test");
  const cabinet = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Cabinet",
                                 nodeId: "s=Cabinet" });
  for (const [name, [dt, value]] of Object.entries(VALUES)) {
    const v = ns.addVariable({ componentOf: cabinet, browseName: name, nodeId: `s=Cabinet.${name}`,
                               dataType: dt, accessLevel: "CurrentRead | CurrentWrite",
                               userAccessLevel: "CurrentRead | CurrentWrite" });
    v.setValueFromSource(new Variant({ dataType: dt, value }));
  }
  const counter = ns.addVariable({ componentOf: cabinet, browseName: "Counter", nodeId: "s=Cabinet.Counter",
                                   dataType: DataType.UInt32 });
  let n = 0;
  counter.setValueFromSource(new Variant({ dataType: DataType.UInt32, value: 0 }));
  setInterval(() => { n += 1; counter.setValueFromSource(new Variant({ dataType: DataType.UInt32, value: n })); }, 50);
  const bad = ns.addVariable({ componentOf: cabinet, browseName: "Bad", nodeId: "s=Cabinet.Bad",
                               dataType: DataType.Double });
  bad.setValueFromSource(new Variant({ dataType: DataType.Double, value: 0 }), StatusCodes.BadSensorFailure);
  await server.start();
  console.log(`READY ${server.getEndpointUrl()} ns=${ns.index}`);
})().catch((err) => { console.error(err); process.exit(1); });
