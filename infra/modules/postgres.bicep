metadata description = 'PostgreSQL flexible server, the primary: zone-redundant high availability, Entra ID authentication only, geo-redundant backups.'

import { appIdentity, tagSet } from 'types.bicep'

@description('Globally unique server name.')
param name string

@description('Region of the primary.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Compute size; zone-redundant high availability needs General Purpose or Memory Optimized.')
param skuName string

@description('Compute tier matching the size.')
param skuTier 'GeneralPurpose' | 'MemoryOptimized'

@description('Major version of PostgreSQL.')
param version '15' | '16' | '17'

@description('Storage in GB; grows automatically.')
param storageSizeGB int

@description('Name of the application database.')
param databaseName string

@description('Identity that is the Entra administrator: the Worker, which runs migrations as the table owner and creates the Api\'s login role.')
param administrator appIdentity

@description('Public addresses allowed through the server firewall (the NAT egress of each region).')
param allowedIpAddresses string[]

@description('Log Analytics workspace that receives the server logs.')
param workspaceId string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    createMode: 'Default'
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 35
      geoRedundantBackup: 'Enabled'
    }
    highAvailability: {
      mode: 'ZoneRedundant'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource entraAdministrator 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: administrator.principalId
  properties: {
    principalType: 'ServicePrincipal'
    principalName: administrator.name
    tenantId: tenant().tenantId
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    entraAdministrator
  ]
}

module settings 'postgres-settings.bicep' = {
  name: 'settings-${name}'
  params: {
    serverName: server.name
    allowedIpAddresses: allowedIpAddresses
  }
  dependsOn: [
    database
  ]
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: server
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

@description('Resource id of the primary, the source of the replica.')
output id string = server.id

@description('Host name of the primary.')
output hostName string = server.properties.fullyQualifiedDomainName

@description('Name of the application database.')
output databaseName string = database.name
