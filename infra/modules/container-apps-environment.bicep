metadata description = 'Container Apps environment of one region: in its own subnet, encrypted traffic between apps, logs to Azure Monitor and the managed OpenTelemetry agent sending traces and logs to Application Insights.'

import { tagSet } from 'types.bicep'

@description('Suffix of the resource names.')
param nameSuffix string

@description('Region of the environment.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Subnet delegated to Microsoft.App/environments.')
param subnetId string

@description('Spread replicas over availability zones.')
param zoneRedundant bool

@description('Log Analytics workspace of the region.')
param workspaceId string

@description('Application Insights component of the region.')
param appInsightsName string

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-10-02-preview' = {
  name: 'cae-${nameSuffix}'
  location: location
  tags: tags
  properties: {
    zoneRedundant: zoneRedundant
    vnetConfiguration: {
      infrastructureSubnetId: subnetId
      internal: false
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    peerTrafficConfiguration: {
      encryption: {
        enabled: true
      }
    }
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    appInsightsConfiguration: {
      connectionString: insights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
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

@description('Resource id of the environment.')
output id string = environment.id

@description('Default domain; each app is reachable at <app name>.<default domain>.')
output defaultDomain string = environment.properties.defaultDomain
