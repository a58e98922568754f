// CME Functions for one authority: everything in one resource group.
//
//   identity     the app's user-assigned managed identity
//   monitoring   Log Analytics + Application Insights (Entra ID sign-in only)
//   storage      queues, tables and the host's lock container; shared keys refused
//   keyVault     the SendGrid API key (and an optional Graph client secret); RBAC, purge protection
//   registry     the container registry the image is pushed to
//   app          the Container Apps environment and the host (only with deployApp = true)
//
// Deploy in two steps (infra/README.md): first with deployApp = false, to create the registry,
// vault and identity and let their role assignments settle; then push the image and deploy again.

targetScope = 'resourceGroup'

@description('Short, lower-case name for this deployment, used in every resource name, e.g. cme-herts.')
@minLength(3)
@maxLength(12)
param namePrefix string

@description('Region. UK South keeps the data in the UK.')
param location string = resourceGroup().location

@description('The authority profile the host runs (Cme:Profile): a file name in profiles/, e.g. hertfordshire.')
param profile string

@description('The CME mailbox in Exchange Online (Cme:Mailbox:Graph:Mailbox): the profile\'s mailbox, and the one mailbox the Graph permission is scoped to.')
param mailbox string

@description('The sender of notifications (Cme:Outbox:From): an address verified in SendGrid.')
param notificationsFrom string

@description('How the host signs in to Microsoft Graph: as the managed identity (no secret; recommended) or as an app registration with a client secret kept in Key Vault.')
@allowed([
  'ManagedIdentity'
  'ClientSecret'
])
param graphAuthentication string = 'ManagedIdentity'

@description('With graphAuthentication = ClientSecret: the app registration\'s application (client) id.')
param graphClientId string = ''

@description('The image to run: <registry login server>/cme-functions:<tag>. Needed when deployApp is true.')
param containerImage string = ''

@description('false for the first step (no app yet: the image is not pushed and the roles are settling).')
param deployApp bool = true

@description('At least 1: the timers (mailbox poll, deadline sweep, weekly digest) run inside the host.')
@minValue(1)
param minReplicas int = 1

@minValue(1)
@maxValue(30)
param maxReplicas int = 5

@description('Messages waiting per replica before another is started.')
@minValue(1)
param queueLengthPerReplica int = 20

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_ZRS'

@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@secure()
@description('First deployment only: the SendGrid API key to put in Key Vault. Leave empty afterwards (the vault keeps it). Never in a file: the .bicepparam reads it from CME_SENDGRID_API_KEY.')
param sendGridApiKey string = ''

@secure()
@description('Only with graphAuthentication = ClientSecret, first deployment only: the app registration\'s client secret. The .bicepparam reads it from CME_GRAPH_CLIENT_SECRET.')
param graphClientSecret string = ''

@secure()
@description('First deployment only: the child index\'s secret (Cme:ChildIndex:Key), base64 of 32 random bytes, to put in Key Vault. Leave empty afterwards (the vault keeps it; changing it loses every match until cme index rekey). The .bicepparam reads it from CME_CHILD_INDEX_KEY.')
param childIndexKey string = ''

param tags object = {
  application: 'cme-functions'
  authority: profile
}

var suffix = take(uniqueString(resourceGroup().id, namePrefix), 6)
var compact = toLower(replace(namePrefix, '-', ''))
var names = {
  identity: 'id-${namePrefix}'
  workspace: 'log-${namePrefix}'
  insights: 'appi-${namePrefix}'
  storage: 'st${compact}${suffix}'
  keyVault: 'kv-${namePrefix}-${suffix}'
  registry: 'cr${compact}${suffix}'
  environment: 'cae-${namePrefix}'
  app: 'ca-${namePrefix}'
}

// The queues the functions are triggered by (functions/Cme.Infrastructure/Queues/QueueNames.cs).
var queues = [
  'inbound-mail'
  'notifications'
]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    insightsName: names.insights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    sku: storageSku
    principalId: identity.outputs.principalId
    queueNames: queues
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    sendGridApiKey: sendGridApiKey
    graphClientSecret: graphClientSecret
    childIndexKey: childIndexKey
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: names.registry
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module app 'modules/containerapp.bicep' = if (deployApp) {
  name: 'app'
  params: {
    appName: names.app
    environmentName: names.environment
    location: location
    tags: tags
    workspaceName: monitoring.outputs.workspaceName
    image: containerImage
    registryServer: registry.outputs.loginServer
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    sendGridSecretUrl: keyVault.outputs.sendGridSecretUrl
    graphSecretUrl: keyVault.outputs.graphSecretUrl
    childIndexKeySecretUrl: keyVault.outputs.childIndexKeySecretUrl
    profile: profile
    mailbox: mailbox
    notificationsFrom: notificationsFrom
    graphAuthentication: graphAuthentication
    graphClientId: graphClientId
    hostId: toLower(namePrefix)
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    queueLengthPerReplica: queueLengthPerReplica
    scaleQueues: queues
  }
}

output registryLoginServer string = registry.outputs.loginServer
output registryName string = registry.outputs.name
output keyVaultName string = keyVault.outputs.name
output storageAccountName string = storage.outputs.name
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output appName string = deployApp ? names.app : ''
