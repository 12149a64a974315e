/**
 * `xdmEntity` objects from Adobe's streaming tutorial (EN help/ingestion/tutorials/streaming-multiple-messages.md,
 * first request, and the fourth message of the partial-failure request), used as test data.
 */
export const TUTORIAL_FIRST_ENTITY = {
  _id: '9af5adcc-db9c-4692-b826-65d3abe68c22',
  timestamp: '2019-02-23T22:07:01Z',
  environment: {
    browserDetails: {
      userAgent:
        'Mozilla/5.0 (Windows NT 5.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/29.0.1547.57 Safari/537.36 OPR/16.0.1196.62',
      acceptLanguage: 'en-US',
      cookiesEnabled: true,
      javaScriptVersion: '1.6',
      javaEnabled: true,
    },
    colorDepth: 32,
    viewportHeight: 799,
    viewportWidth: 414,
  },
  productListItems: [{ SKU: 'CC', name: 'Fernie Snow', quantity: 30, priceTotal: 7.8 }],
  commerce: { productViews: { value: 1 } },
  _experience: {
    campaign: { message: { profileSnapshot: { workEmail: { address: 'gregdorcey@example.com' } } } },
  },
};

export const TUTORIAL_SECOND_ENTITY = {
  ...TUTORIAL_FIRST_ENTITY,
  _id: '7af6adcc-dc9e-4692-b826-55d2abe68c11',
  timestamp: '2019-02-23T22:07:31Z',
  productListItems: [{ SKU: 'CC', name: 'Carmine Santiago', quantity: 10, priceTotal: 5.5 }],
  _experience: {
    campaign: { message: { profileSnapshot: { workEmail: { address: 'emilyong@example.com' } } } },
  },
};

/** The partial-failure request's fourth message: valid, and without `_experience`. */
export const TUTORIAL_FOURTH_MESSAGE_ENTITY = {
  _id: '9af5adcc-db9c-4692-b826-65d3abe68c22',
  timestamp: '2019-02-23T22:07:01Z',
  environment: TUTORIAL_FIRST_ENTITY.environment,
  productListItems: [{ SKU: 'CC', name: 'Tip Top Collection', quantity: 15, priceTotal: 9.5 }],
  commerce: { productViews: { value: 1 } },
};

export const WEB_EVENT_SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f';
export const PROFILE_SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f';
