metadata description = 'Settings applied to every PostgreSQL server: TLS required at 1.2 or newer, and the firewall rules. Flexible server accepts one change at a time, so they run in sequence.'

@description('Name of an existing flexible server in this resource group.')
param serverName string

@description('Public addresses allowed through the server firewall.')
param allowedIpAddresses string[]

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: serverName
}

resource secureTransport 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
}

resource minimumTlsVersion 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [
    secureTransport
  ]
}

@batchSize(1)
resource firewall 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [
  for (address, index) in allowedIpAddresses: {
    parent: server
    name: 'egress-${index}'
    properties: {
      startIpAddress: address
      endIpAddress: address
    }
    dependsOn: [
      minimumTlsVersion
    ]
  }
]
