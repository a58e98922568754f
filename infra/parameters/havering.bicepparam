// London Borough of Havering. Values not secret; secrets come from environment variables at
// deployment time (infra/README.md), so none is ever written in this file.
using '../main.bicep'

param namePrefix = 'cme-havering'
param location = 'uksouth'

// profiles/havering.json: the profile and its CME mailbox. Havering's term dates in the profile
// cover 2024/25 only: add the current school year's before going live.
param profile = 'havering'
param mailbox = 'cme@havering.gov.uk'

// Replace with the council's sender verified in SendGrid (Settings > Sender Authentication).
param notificationsFrom = 'cme-noreply@havering.example.org'

param graphAuthentication = 'ManagedIdentity'

param sendGridApiKey = readEnvironmentVariable('CME_SENDGRID_API_KEY', '')
param graphClientSecret = readEnvironmentVariable('CME_GRAPH_CLIENT_SECRET', '')
param childIndexKey = readEnvironmentVariable('CME_CHILD_INDEX_KEY', '')
