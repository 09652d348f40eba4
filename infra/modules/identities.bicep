metadata description = 'One user-assigned identity per app, so each app holds only the access it needs.'

import { appIdentities, tagSet } from 'types.bicep'

@description('Prefix of the identity names.')
param environmentName string

@description('Region of the identities.')
param location string

@description('Tags for every resource.')
param tags tagSet

resource api 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${environmentName}-api'
  location: location
  tags: tags
}

resource web 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${environmentName}-web'
  location: location
  tags: tags
}

resource worker 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${environmentName}-worker'
  location: location
  tags: tags
}

@description('The three app identities.')
output identities appIdentities = {
  api: {
    resourceId: api.id
    clientId: api.properties.clientId
    principalId: api.properties.principalId
    name: api.name
  }
  web: {
    resourceId: web.id
    clientId: web.properties.clientId
    principalId: web.properties.principalId
    name: web.name
  }
  worker: {
    resourceId: worker.id
    clientId: worker.properties.clientId
    principalId: worker.properties.principalId
    name: worker.name
  }
}
