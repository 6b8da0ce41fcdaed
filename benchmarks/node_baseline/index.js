// Hello, world, with a launch counter: the Node.js skill most Alexa developers would write instead.
//
// ask-sdk-core with the AWS SDK v3's DynamoDB client, the way Node skills are usually written: the
// client made at module load, one GetItem and one PutItem per launch, in the handler. It is the
// second yardstick in benchmarks/run.py (beside the Python baseline in benchmarks/baseline/):
// configured like ours, with SKILL_TABLE and, for a local server, DYNAMODB_ENDPOINT.
'use strict';

const Alexa = require('ask-sdk-core');
const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT || undefined });
const table = process.env.SKILL_TABLE || 'node-baseline-launches';

const LaunchRequestHandler = {
  canHandle(handlerInput) {
    return Alexa.getRequestType(handlerInput.requestEnvelope) === 'LaunchRequest';
  },
  async handle(handlerInput) {
    const key = { id: { S: Alexa.getUserId(handlerInput.requestEnvelope) } };
    const found = await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
    const launches = Number(found.Item?.attributes?.M?.launches?.N ?? 0) + 1;
    await client.send(new PutItemCommand({
      TableName: table,
      Item: { ...key, attributes: { M: { launches: { N: String(launches) } } } },
    }));
    return handlerInput.responseBuilder
      .speak(`Hello! You have opened this skill ${launches} times.`)
      .reprompt('Say help for help.')
      .getResponse();
  },
};

const HelpIntentHandler = {
  canHandle(handlerInput) {
    return Alexa.getRequestType(handlerInput.requestEnvelope) === 'IntentRequest'
      && Alexa.getIntentName(handlerInput.requestEnvelope) === 'AMAZON.HelpIntent';
  },
  handle(handlerInput) {
    return handlerInput.responseBuilder.speak('I just count launches.').reprompt('Say stop.').getResponse();
  },
};

const EverythingElseHandler = {
  canHandle() {
    return true;
  },
  handle(handlerInput) {
    return handlerInput.responseBuilder.speak('Goodbye.').withShouldEndSession(true).getResponse();
  },
};

const ErrorHandler = {
  canHandle() {
    return true;
  },
  handle(handlerInput, error) {
    console.error(error);
    return handlerInput.responseBuilder.speak('Sorry, something went wrong.').getResponse();
  },
};

exports.handler = Alexa.SkillBuilders.custom()
  .addRequestHandlers(LaunchRequestHandler, HelpIntentHandler, EverythingElseHandler)
  .addErrorHandlers(ErrorHandler)
  .lambda();
exports.client = client;
