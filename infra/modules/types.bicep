metadata description = 'Shapes shared by the Viggotech modules.'

@export()
@description('Tags put on every resource.')
type tagSet = {
  *: string
}

@export()
@description('A principal that is granted access, with a stable short name that keys its assignment.')
type grantee = {
  @description('Short alphanumeric name, such as the app name.')
  name: string

  @description('Object id of the principal.')
  principalId: string
}

@export()
@description('A user-assigned managed identity that one app runs as.')
type appIdentity = {
  @description('Resource id: attached to the container app and used for registry pulls.')
  resourceId: string

  @description('Client id: handed to the app as AZURE_CLIENT_ID.')
  clientId: string

  @description('Object id: the principal of role assignments and database access.')
  principalId: string

  @description('Name: also the Postgres role the identity signs in as.')
  name: string
}

@export()
@description('The identities of the three apps; each gets only the access its app needs.')
type appIdentities = {
  api: appIdentity
  web: appIdentity
  worker: appIdentity
}

@export()
@description('What a region does: the primary serves traffic and runs schedules, the secondary is a warm standby.')
type regionRole = 'primary' | 'secondary'

@export()
@description('Addresses of the data services, as the apps read them. None of them carries a secret.')
type dataEndpoints = {
  @description('Key Vault URI.')
  keyVaultUri: string

  @description('Blob endpoint of the region A storage account.')
  storageABlobEndpoint: string

  @description('Blob endpoint of the region B storage account.')
  storageBBlobEndpoint: string

  @description('Postgres host names, primary first, comma separated.')
  postgresHosts: string

  @description('Name of the application database.')
  postgresDatabase: string
}

@export()
@description('Whether each app already has a deployed image (azd sets SERVICE_<NAME>_RESOURCE_EXISTS).')
type deployedApps = {
  api: bool
  web: bool
  worker: bool
}
