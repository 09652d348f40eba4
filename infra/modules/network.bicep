metadata description = 'Virtual network of one region: the Container Apps subnet leaves through a NAT gateway with a static address, so the data services can allow exactly that address.'

import { tagSet } from 'types.bicep'

@description('Suffix of the resource names.')
param nameSuffix string

@description('Region of the network.')
param location string

@description('Tags for every resource.')
param tags tagSet

@description('Address space of the virtual network.')
param addressPrefix string

@description('Subnet of the Container Apps environment (a workload-profiles environment needs at least a /27).')
param appsSubnetPrefix string

resource egressAddress 'Microsoft.Network/publicIPAddresses@2024-07-01' = {
  name: 'pip-egress-${nameSuffix}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2024-07-01' = {
  name: 'ng-${nameSuffix}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: egressAddress.id
      }
    ]
  }
}

resource network 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: 'vnet-${nameSuffix}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'apps'
        properties: {
          addressPrefix: appsSubnetPrefix
          natGateway: {
            id: natGateway.id
          }
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

@description('Subnet that hosts the Container Apps environment.')
output appsSubnetId string = network.properties.subnets[0].id

@description('Static public address that all outbound traffic of the apps comes from.')
output egressIpAddress string = egressAddress.properties.ipAddress
