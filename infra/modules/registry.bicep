metadata description = 'Container registry for the images azd pushes, replicated to the secondary region so either region can pull when the other is down.'

import { grantee, tagSet } from 'types.bicep'

@description('Globally unique registry name (alphanumerics only).')
@minLength(5)
@maxLength(50)
param name string

@description('Region of the registry home.')
param location string

@description('Region of the replica.')
param replicaLocation string

@description('Tags for every resource.')
param tags tagSet

@description('Identities that pull images (AcrPull on this registry only).')
param pullers grantee[]

@description('Log Analytics workspace that receives the registry logs.')
param workspaceId string

var acrPullRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Premium'
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
    zoneRedundancy: 'Enabled'
    policies: {
      retentionPolicy: {
        status: 'enabled'
        days: 30
      }
    }
  }
}

resource replica 'Microsoft.ContainerRegistry/registries/replications@2025-04-01' = {
  parent: registry
  name: replicaLocation
  location: replicaLocation
  tags: tags
  properties: {
    regionEndpointEnabled: true
    zoneRedundancy: 'Disabled'
  }
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for puller in pullers: {
    name: guid(registry.id, puller.name, acrPullRole)
    scope: registry
    properties: {
      principalId: puller.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: acrPullRole
    }
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: registry
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

@description('Login server that the apps pull from and azd pushes to.')
output loginServer string = registry.properties.loginServer

@description('Name of the registry.')
output name string = registry.name
