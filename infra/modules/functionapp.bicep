// The Function App: the isolated-worker app (functions/Cme.Functions) on its own Flex Consumption
// plan, running as the user-assigned managed identity.
//
// Settings are app settings, "__" for ":". Secrets are Key Vault references
// (@Microsoft.KeyVault(SecretUri=...)) resolved with the user-assigned identity
// (keyVaultReferenceIdentity); no secret value is ever a setting. Storage, the deployment package
// and Application Insights are all reached with the identity: there is no connection string with
// an account key anywhere. A test in the repository (tests/Cme.Infrastructure.Tests/Deployment)
// reads this file: every setting the code says production requires is here, and every secret is a
// Key Vault reference.

param appName string
param planName string
param location string
param tags object

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

param storageAccountName string

@description('The blob container the deployment package is uploaded to: <blob endpoint><container>.')
param deploymentContainerUrl string

// Not a secret (Application Insights refuses it alone: DisableLocalAuth), but kept out of the
// deployment history all the same.
@secure()
param insightsConnectionString string

param sendGridSecretUrl string
param graphSecretUrl string
param childIndexKeySecretUrl string

@description('The authority profile (Cme:Profile).')
param profile string

@description('The CME mailbox in Exchange Online (Cme:Mailbox:Graph:Mailbox).')
param mailbox string

@description('The SendGrid-verified sender of notifications (Cme:Outbox:From).')
param notificationsFrom string

@description('How Graph is signed in to: the managed identity (no secret) or an app registration with a client secret in Key Vault.')
@allowed([
  'ManagedIdentity'
  'ClientSecret'
])
param graphAuthentication string

@description('With ClientSecret: the app registration\'s application (client) id.')
param graphClientId string

@description('The timer schedules (NCRONTAB, evaluated in UTC), named as in host.json cme.schedules; each becomes Cme__Schedules__<name>, which the functions\' %Cme:Schedules:<name>% resolves to.')
param schedules object

@description('Always-ready instances for each function that must answer without a cold start (see alwaysReadyFunctions).')
param alwaysReadyInstances int

@description('The most instances the app scales out to, all functions together.')
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
param instanceMemoryMB int

var usesGraphSecret = graphAuthentication == 'ClientSecret'

// On Flex Consumption every function that is not HTTP, blob (Event Grid) or Durable scales in its
// own group, function:<name>. Kept ready: the mailbox poll (a timer every minute, so an instance
// would start every minute anyway; a ready one makes each poll a warm call) and the two queue
// functions that carry mail (a referral's acknowledgement and a reminder go out within seconds,
// not after a queue-driven scale from zero and a cold start). The other timers (deadline sweep
// every 15 minutes, digest hourly, reconcile nightly) and the two poison recorders run rarely and
// are started on demand. Names: the functions' names in functions/Cme.Functions.
var alwaysReadyFunctions = [
  'PollMailbox'
  'IngestEmail'
  'SendNotification'
]

var settings = [
  {
    name: 'Cme__Profile'
    value: profile
  }
  {
    name: 'Cme__Mailbox__Source'
    value: 'Graph'
  }
  {
    name: 'Cme__Mailbox__Graph__Mailbox'
    value: mailbox
  }
  {
    name: 'Cme__Mailbox__Graph__ClientId'
    value: usesGraphSecret ? graphClientId : identityClientId
  }
  {
    name: 'Cme__Outbox__Delivery'
    value: 'SendGrid'
  }
  {
    name: 'Cme__Outbox__From'
    value: notificationsFrom
  }
  {
    name: 'Cme__Outbox__SendGrid__ApiKey'
    value: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUrl})'
  }
  {
    name: 'Cme__ChildIndex__Key'
    value: '@Microsoft.KeyVault(SecretUri=${childIndexKeySecretUrl})'
  }
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
]

var graphSecretSettings = usesGraphSecret ? [
  {
    name: 'Cme__Mailbox__Graph__TenantId'
    value: tenant().tenantId
  }
  {
    name: 'Cme__Mailbox__Graph__ClientSecret'
    value: '@Microsoft.KeyVault(SecretUri=${graphSecretUrl})'
  }
] : []

var scheduleSettings = [
  {
    name: 'Cme__Schedules__MailboxPoll'
    value: schedules.mailboxPoll
  }
  {
    name: 'Cme__Schedules__DeadlineSweep'
    value: schedules.deadlineSweep
  }
  {
    name: 'Cme__Schedules__WeeklyDigest'
    value: schedules.weeklyDigest
  }
  {
    name: 'Cme__Schedules__MailboxReconcile'
    value: schedules.mailboxReconcile
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references are resolved as this identity (the app has no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: concat(settings, graphSecretSettings, scheduleSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        alwaysReady: [
          for functionName in alwaysReadyFunctions: {
            name: 'function:${functionName}'
            instanceCount: alwaysReadyInstances
          }
        ]
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No publishing user names and passwords: code is published with Microsoft Entra ID
// (func azure functionapp publish, az functionapp deployment source config-zip).
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
