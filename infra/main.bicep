// CME Functions for one authority: everything in one resource group.
//
//   identity     the app's user-assigned managed identity
//   monitoring   Log Analytics + Application Insights (Entra ID sign-in only)
//   storage      AzureWebJobsStorage, queues, tables and the deployment package container; shared keys refused
//   keyVault     the SendGrid API key, the child index key (and an optional Graph client secret); RBAC, purge protection
//   app          the Function App (isolated worker, .NET 10) on a Flex Consumption plan
//
// One deployment creates all of it; the code is then published to the app (infra/README.md).

targetScope = 'resourceGroup'

@description('Short, lower-case name for this deployment, used in every resource name, e.g. cme-herts.')
@minLength(3)
@maxLength(12)
param namePrefix string

@description('Region. UK South keeps the data in the UK.')
param location string = resourceGroup().location

@description('The authority profile the app runs (Cme:Profile): a file name in profiles/, e.g. hertfordshire.')
param profile string

@description('The CME mailbox in Exchange Online (Cme:Mailbox:Graph:Mailbox): the profile\'s mailbox, and the one mailbox the Graph permission is scoped to.')
param mailbox string

@description('The sender of notifications (Cme:Outbox:From): an address verified in SendGrid.')
param notificationsFrom string

@description('How the app signs in to Microsoft Graph: as the managed identity (no secret; recommended) or as an app registration with a client secret kept in Key Vault.')
@allowed([
  'ManagedIdentity'
  'ClientSecret'
])
param graphAuthentication string = 'ManagedIdentity'

@description('With graphAuthentication = ClientSecret: the app registration\'s application (client) id.')
param graphClientId string = ''

@description('Always-ready instances for the mailbox poll and the two queue functions (function:PollMailbox, function:IngestEmail, function:SendNotification). 1 each: see modules/functionapp.bicep. Each is billed while it waits.')
@minValue(1)
@maxValue(5)
param alwaysReadyInstances int = 1

@description('The most instances the app scales out to. 40 is the lowest Flex Consumption has accepted; the queues of one authority need far fewer, and the platform adds instances only for waiting work.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance in MB (512: 0.25 core; 2048: 1 core, the platform default; 4096: 2 cores). Parsing Word and PDF attachments wants the default.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

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
  plan: 'asp-${namePrefix}'
  app: 'func-${namePrefix}-${suffix}'
}

// The container the deployment package goes to (functionAppConfig.deployment.storage).
var deploymentContainer = 'app-package'

// The timer schedules, as in host.json's cme.schedules (a test keeps the two the same). The
// Functions host resolves a trigger's %Cme:Schedules:<name>% from app settings, not from host.json's
// own sections, so each is also an app setting. Flex Consumption evaluates them in UTC (Linux
// Function Apps have no WEBSITE_TIME_ZONE): the code decides in UK time what is due.
var schedules = {
  mailboxPoll: '0 */1 * * * *'
  deadlineSweep: '0 */15 * * * *'
  weeklyDigest: '0 5 * * * *'
  mailboxReconcile: '0 30 2 * * *'
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
    deploymentContainerName: deploymentContainer
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

module app 'modules/functionapp.bicep' = {
  name: 'app'
  params: {
    appName: names.app
    planName: names.plan
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainer}'
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    sendGridSecretUrl: keyVault.outputs.sendGridSecretUrl
    graphSecretUrl: keyVault.outputs.graphSecretUrl
    childIndexKeySecretUrl: keyVault.outputs.childIndexKeySecretUrl
    profile: profile
    mailbox: mailbox
    notificationsFrom: notificationsFrom
    graphAuthentication: graphAuthentication
    graphClientId: graphClientId
    schedules: schedules
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

output appName string = app.outputs.name
output keyVaultName string = keyVault.outputs.name
output storageAccountName string = storage.outputs.name
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
