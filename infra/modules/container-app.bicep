metadata description = 'One container app: runs as its own user-assigned identity, pulls from the registry with that identity, carries no secrets.'

import { appIdentity, tagSet } from 'types.bicep'

@description('Name of the app, unique in the resource group.')
@maxLength(32)
param name string

@description('Region of the app.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('azd service that deploys into this app (azure.yaml).')
param serviceName string

@description('Container Apps environment.')
param environmentId string

@description('Identity the app runs as.')
param identity appIdentity

@description('Login server of the registry.')
param registryServer string

@description('Settings of the app. Values are addresses and switches; secrets come from Key Vault at run time through the identity.')
param settings {
  @description('Variable name.')
  name: string

  @description('Variable value.')
  value: string
}[]

@description('Serve HTTP on port 8080 behind Front Door, with health probes on /alive and /health.')
param ingress bool

@description('Replicas kept running.')
@minValue(0)
param minReplicas int

@description('Replicas at most.')
@minValue(1)
param maxReplicas int

@description('True once azd has deployed an image into the app.')
param imageExists bool

var port = 8080
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

module currentImage 'container-app-image.bicep' = if (imageExists) {
  name: 'image-${name}'
  params: {
    name: name
  }
}

var probes = [
  {
    type: 'Startup'
    httpGet: {
      path: '/alive'
      port: port
    }
    periodSeconds: 5
    failureThreshold: 24
  }
  {
    type: 'Liveness'
    httpGet: {
      path: '/alive'
      port: port
    }
    periodSeconds: 10
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/health'
      port: port
    }
    periodSeconds: 10
    failureThreshold: 3
  }
]

resource app 'Microsoft.App/containerApps@2025-07-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.resourceId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: ingress
        ? {
            external: true
            targetPort: port
            transport: 'http'
            allowInsecure: false
          }
        : null
      registries: [
        {
          server: registryServer
          identity: identity.resourceId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'app'
          image: currentImage.?outputs.image ?? placeholderImage
          env: settings
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          probes: ingress ? probes : []
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: ingress
          ? [
              {
                name: 'http'
                http: {
                  metadata: {
                    concurrentRequests: '50'
                  }
                }
              }
            ]
          : []
      }
    }
  }
}

@description('Host name the app answers on; empty for an app without ingress.')
output fqdn string = ingress ? app.properties.configuration.ingress.fqdn : ''
