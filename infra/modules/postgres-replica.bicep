metadata description = 'PostgreSQL read replica in the secondary region: promoted to a standalone read-write server on failover.'

import { tagSet } from 'types.bicep'

@description('Globally unique server name.')
param name string

@description('Region of the replica.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Resource id of the primary server.')
param sourceServerId string

@description('Compute size; the same as the primary so the replica can take over the load.')
param skuName string

@description('Compute tier matching the size.')
param skuTier 'GeneralPurpose' | 'MemoryOptimized'

@description('Storage in GB; at least that of the primary.')
param storageSizeGB int

@description('Public addresses allowed through the server firewall (the NAT egress of each region).')
param allowedIpAddresses string[]

@description('Log Analytics workspace that receives the server logs.')
param workspaceId string

resource replica 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    createMode: 'Replica'
    sourceServerResourceId: sourceServerId
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

module settings 'postgres-settings.bicep' = {
  name: 'settings-${name}'
  params: {
    serverName: replica.name
    allowedIpAddresses: allowedIpAddresses
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: replica
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

@description('Host name of the replica.')
output hostName string = replica.properties.fullyQualifiedDomainName
