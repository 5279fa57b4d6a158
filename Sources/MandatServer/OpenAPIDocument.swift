/// The OpenAPI 3.1 description of `/api/v1`, written by hand and served at `/api/v1/openapi.json`.
///
/// Checked by `scripts/check-openapi.sh` (openapi-spec-validator) and by `OpenAPITests`.
enum OpenAPIDocument {
    static let json = #"""
        {
         "openapi": "3.1.0",
         "info": {
          "title": "Mandat API",
          "version": "1.0.0",
          "description": "Read the payment chain of French public bodies: the board of dossiers with the law's assessment, contracts, buyers, agenda, digest; write the collector's log and promises. Amounts are decimal strings with two decimals, in the currency their object names; dates ISO YYYY-MM-DD (Europe/Paris calendar dates)."
         },
         "servers": [
          {
           "url": "/"
          }
         ],
         "security": [
          {
           "bearer": []
          },
          {
           "session": []
          }
         ],
         "paths": {
          "/api/v1/dossiers": {
           "get": {
            "operationId": "listDossiers",
            "summary": "The board: dossiers with filters, sorting and totals.",
            "parameters": [
             {
              "$ref": "#/components/parameters/Page"
             },
             {
              "$ref": "#/components/parameters/PerPage"
             },
             {
              "$ref": "#/components/parameters/AsOf"
             },
             {
              "$ref": "#/components/parameters/Blocked"
             },
             {
              "$ref": "#/components/parameters/Buyer"
             },
             {
              "$ref": "#/components/parameters/Contract"
             },
             {
              "$ref": "#/components/parameters/Holder"
             },
             {
              "$ref": "#/components/parameters/Sort"
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/DossierPage"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             }
            }
           }
          },
          "/api/v1/dossiers/{id}": {
           "get": {
            "operationId": "getDossier",
            "summary": "One dossier: chain, clock, findings, log, promises.",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "maxLength": 200
              },
              "description": "Dossier id."
             },
             {
              "$ref": "#/components/parameters/AsOf"
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/DossierDetail"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             }
            }
           }
          },
          "/api/v1/dossiers/{id}/log": {
           "post": {
            "operationId": "addLogEntry",
            "summary": "Append a line to the action log (collector or admin).",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "maxLength": 200
              },
              "description": "Dossier id."
             }
            ],
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/NewLogEntry"
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "Created",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/LogEntry"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             }
            }
           }
          },
          "/api/v1/dossiers/{id}/promises": {
           "post": {
            "operationId": "addPromise",
            "summary": "Record a promise (collector or admin).",
            "parameters": [
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "maxLength": 200
              },
              "description": "Dossier id."
             }
            ],
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/NewPromise"
               }
              }
             }
            },
            "responses": {
             "201": {
              "description": "Created",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Promise"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             }
            }
           }
          },
          "/api/v1/contracts": {
           "get": {
            "operationId": "listContracts",
            "summary": "Contracts with invoiced, paid, outstanding.",
            "parameters": [
             {
              "$ref": "#/components/parameters/Page"
             },
             {
              "$ref": "#/components/parameters/PerPage"
             },
             {
              "$ref": "#/components/parameters/AsOf"
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ContractPage"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             }
            }
           }
          },
          "/api/v1/buyers": {
           "get": {
            "operationId": "listBuyers",
            "summary": "Buyers with contacts and segments.",
            "parameters": [
             {
              "$ref": "#/components/parameters/Page"
             },
             {
              "$ref": "#/components/parameters/PerPage"
             },
             {
              "$ref": "#/components/parameters/AsOf"
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/BuyerPage"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             }
            }
           }
          },
          "/api/v1/agenda": {
           "get": {
            "operationId": "listAgenda",
            "summary": "What to do and when.",
            "parameters": [
             {
              "$ref": "#/components/parameters/Page"
             },
             {
              "$ref": "#/components/parameters/PerPage"
             },
             {
              "$ref": "#/components/parameters/AsOf"
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/AgendaPage"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             }
            }
           }
          },
          "/api/v1/digest": {
           "get": {
            "operationId": "getDigest",
            "summary": "Today's digest (DigestRenderer JSON).",
            "parameters": [
             {
              "$ref": "#/components/parameters/AsOf"
             },
             {
              "$ref": "#/components/parameters/Lang"
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             }
            }
           }
          },
          "/api/v1/accounts": {
           "get": {
            "operationId": "listAccounts",
            "summary": "Accounts (admin only).",
            "parameters": [
             {
              "$ref": "#/components/parameters/Page"
             },
             {
              "$ref": "#/components/parameters/PerPage"
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/AccountPage"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthenticated"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             }
            }
           }
          },
          "/api/v1/openapi.json": {
           "get": {
            "operationId": "getOpenAPI",
            "summary": "This document.",
            "security": [],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              }
             }
            }
           }
          }
         },
         "components": {
          "securitySchemes": {
           "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "API token from `mandat user token NAME`."
           },
           "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": "mandat_session"
           }
          },
          "parameters": {
           "Page": {
            "name": "page",
            "in": "query",
            "schema": {
             "type": "integer",
             "minimum": 1,
             "default": 1
            }
           },
           "PerPage": {
            "name": "per_page",
            "in": "query",
            "schema": {
             "type": "integer",
             "minimum": 1,
             "maximum": 500,
             "default": 50
            }
           },
           "AsOf": {
            "name": "as_of",
            "in": "query",
            "schema": {
             "type": "string",
             "format": "date"
            },
            "description": "Reference date; default today (Europe/Paris)."
           },
           "Blocked": {
            "name": "blocked",
            "in": "query",
            "schema": {
             "type": "boolean"
            }
           },
           "Buyer": {
            "name": "buyer",
            "in": "query",
            "schema": {
             "type": "string",
             "pattern": "^[0-9 .-]+$"
            },
            "description": "A SIRET (14 digits), or a SIREN (9 digits) for all its SIRETs, with a right Luhn check digit (spaces, dots and dashes allowed): the rule of mandat status --buyer; anything else is 400 bad-filter."
           },
           "Contract": {
            "name": "contract",
            "in": "query",
            "schema": {
             "type": "string",
             "maxLength": 100
            }
           },
           "Holder": {
            "name": "holder",
            "in": "query",
            "schema": {
             "type": "string",
             "enum": [
              "supplier",
              "platform",
              "ordonnateur",
              "comptable",
              "nobody"
             ]
            }
           },
           "Sort": {
            "name": "sort",
            "in": "query",
            "schema": {
             "type": "string",
             "enum": [
              "stake",
              "late",
              "due",
              "buyer",
              "invoice"
             ],
             "default": "stake"
            }
           },
           "Lang": {
            "name": "lang",
            "in": "query",
            "schema": {
             "type": "string",
             "enum": [
              "fr",
              "en"
             ],
             "default": "fr"
            }
           }
          },
          "responses": {
           "BadRequest": {
            "description": "Bad date, filter, page or body.",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "Unauthenticated": {
            "description": "No valid token or session.",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "Forbidden": {
            "description": "Role too low or bad CSRF token.",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "NotFound": {
            "description": "Unknown id.",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           }
          },
          "schemas": {
           "Amount": {
            "type": "string",
            "pattern": "^-?[0-9]+\\.[0-9]{2}$",
            "description": "Amount, decimal text with exactly two decimals (each dossier's figure rounded half-up to the cent), in the currency its object names (euros by default)."
           },
           "Error": {
            "type": "object",
            "required": [
             "error"
            ],
            "properties": {
             "error": {
              "type": "object",
              "required": [
               "code",
               "status",
               "message"
              ],
              "properties": {
               "code": {
                "type": "string"
               },
               "status": {
                "type": "integer"
               },
               "message": {
                "type": "string"
               }
              }
             }
            }
           },
           "Finding": {
            "type": "object",
            "required": [
             "code",
             "severity",
             "holder",
             "moneyAtStake",
             "evidence"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "severity": {
              "type": "string"
             },
             "holder": {
              "type": "string"
             },
             "since": {
              "type": [
               "string",
               "null"
              ],
              "format": "date"
             },
             "daysAtHolder": {
              "type": [
               "integer",
               "null"
              ]
             },
             "daysOverShare": {
              "type": [
               "integer",
               "null"
              ]
             },
             "moneyAtStake": {
              "$ref": "#/components/schemas/Amount"
             },
             "nextActionFR": {
              "type": "string"
             },
             "nextActionEN": {
              "type": "string"
             },
             "contact": {
              "type": "string"
             },
             "evidence": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "detail": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           },
           "Dossier": {
            "type": "object",
            "required": [
             "id",
             "invoiceNumber",
             "buyerName",
             "stage",
             "holder",
             "moneyAtStake",
             "blocked",
             "findings"
            ],
            "properties": {
             "id": {
              "type": "string"
             },
             "invoiceNumber": {
              "type": "string"
             },
             "buyerName": {
              "type": "string"
             },
             "buyerSiret": {
              "type": [
               "string",
               "null"
              ]
             },
             "contractId": {
              "type": [
               "string",
               "null"
              ]
             },
             "stage": {
              "type": "string"
             },
             "holder": {
              "type": "string"
             },
             "since": {
              "type": [
               "string",
               "null"
              ],
              "format": "date"
             },
             "daysAtHolder": {
              "type": [
               "integer",
               "null"
              ]
             },
             "amountDue": {
              "oneOf": [
               {
                "$ref": "#/components/schemas/Amount"
               },
               {
                "type": "null"
               }
              ]
             },
             "amountDueEstimated": {
              "type": "boolean",
              "description": "True when amountDue is an estimate (BT-115 missing or unreadable: BT-112 − BT-113); interest and moneyAtStake are computed on it"
             },
             "dueDate": {
              "type": [
               "string",
               "null"
              ],
              "format": "date"
             },
             "daysLate": {
              "type": [
               "integer",
               "null"
              ]
             },
             "paidDate": {
              "type": [
               "string",
               "null"
              ],
              "format": "date"
             },
             "paidAmount": {
              "oneOf": [
               {
                "$ref": "#/components/schemas/Amount"
               },
               {
                "type": "null"
               }
              ]
             },
             "interest": {
              "$ref": "#/components/schemas/Amount"
             },
             "indemnity": {
              "$ref": "#/components/schemas/Amount"
             },
             "currency": {
              "type": "string",
              "description": "ISO 4217 code of amountDue, paidAmount, interest, moneyAtStake and the findings' amounts: the invoice's currency (BT-5)"
             },
             "indemnityCurrency": {
              "type": "string",
              "description": "Always EUR: the 40 EUR indemnity (CCP D.2192-35) is in euros whatever the invoice's currency"
             },
             "interestDueBy": {
              "type": [
               "string",
               "null"
              ],
              "format": "date"
             },
             "rateProvisional": {
              "type": "boolean"
             },
             "moneyAtStake": {
              "$ref": "#/components/schemas/Amount"
             },
             "blocked": {
              "type": "boolean"
             },
             "findings": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Finding"
              }
             }
            }
           },
           "DossierDetail": {
            "allOf": [
             {
              "$ref": "#/components/schemas/Dossier"
             },
             {
              "type": "object",
              "required": [
               "chain",
               "clock",
               "log",
               "promises"
              ],
              "properties": {
               "chain": {
                "type": "array",
                "items": {
                 "type": "object",
                 "required": [
                  "date",
                  "lane",
                  "kind",
                  "label"
                 ],
                 "properties": {
                  "date": {
                   "type": "string",
                   "format": "date"
                  },
                  "lane": {
                   "type": "string",
                   "enum": [
                    "supplier",
                    "platform",
                    "ordonnateur",
                    "comptable"
                   ]
                  },
                  "kind": {
                   "type": "string"
                  },
                  "label": {
                   "type": "string"
                  },
                  "evidence": {
                   "type": [
                    "string",
                    "null"
                   ]
                  }
                 }
                }
               },
               "clock": {
                "type": "object",
                "properties": {
                 "start": {
                  "type": [
                   "string",
                   "null"
                  ],
                  "format": "date"
                 },
                 "delayDays": {
                  "type": [
                   "integer",
                   "null"
                  ]
                 },
                 "suspendedDays": {
                  "type": "integer"
                 },
                 "shares": {
                  "type": "array",
                  "items": {
                   "type": "object",
                   "properties": {
                    "side": {
                     "type": "string"
                    },
                    "allowedDays": {
                     "type": "integer"
                    },
                    "usedDays": {
                     "type": "integer"
                    }
                   }
                  }
                 },
                 "notes": {
                  "type": "array",
                  "items": {
                   "type": "string"
                  }
                 }
                }
               },
               "log": {
                "type": "array",
                "items": {
                 "$ref": "#/components/schemas/LogEntry"
                }
               },
               "promises": {
                "type": "array",
                "items": {
                 "$ref": "#/components/schemas/Promise"
                }
               }
              }
             }
            ]
           },
           "Bar": {
            "type": "object",
            "description": "An amount in one currency; a label has one bar per currency.",
            "required": [
             "label",
             "amount",
             "currency"
            ],
            "properties": {
             "label": {
              "type": "string"
             },
             "amount": {
              "$ref": "#/components/schemas/Amount"
             },
             "currency": {
              "type": "string",
              "pattern": "^[A-Z]{3}$"
             }
            }
           },
           "AmountsByCurrency": {
            "type": "object",
            "description": "One amount per ISO 4217 currency code, never added across currencies (euros first).",
            "propertyNames": {
             "pattern": "^[A-Z]{3}$"
            },
            "additionalProperties": {
             "$ref": "#/components/schemas/Amount"
            }
           },
           "DossierPage": {
            "type": "object",
            "required": [
             "page",
             "perPage",
             "total",
             "pages",
             "items",
             "asOf",
             "totals"
            ],
            "properties": {
             "page": {
              "type": "integer",
              "minimum": 1
             },
             "perPage": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500
             },
             "total": {
              "type": "integer",
              "minimum": 0
             },
             "pages": {
              "type": "integer",
              "minimum": 1
             },
             "items": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Dossier"
              }
             },
             "asOf": {
              "type": "string",
              "format": "date"
             },
             "totals": {
              "type": "object",
              "required": [
               "count",
               "amountDue",
               "moneyAtStake",
               "byHolder",
               "byLateness"
              ],
              "properties": {
               "count": {
                "type": "integer"
               },
               "amountDue": {
                "$ref": "#/components/schemas/AmountsByCurrency"
               },
               "moneyAtStake": {
                "$ref": "#/components/schemas/AmountsByCurrency"
               },
               "byHolder": {
                "type": "array",
                "items": {
                 "$ref": "#/components/schemas/Bar"
                }
               },
               "byLateness": {
                "type": "array",
                "items": {
                 "$ref": "#/components/schemas/Bar"
                }
               }
              }
             }
            }
           },
           "LogEntry": {
            "type": "object",
            "required": [
             "id",
             "dossierId",
             "date",
             "kind",
             "text"
            ],
            "properties": {
             "id": {
              "type": "integer"
             },
             "dossierId": {
              "type": "string"
             },
             "date": {
              "type": "string",
              "format": "date"
             },
             "kind": {
              "type": "string",
              "enum": [
               "call",
               "email",
               "letter",
               "meeting",
               "note"
              ]
             },
             "contact": {
              "type": [
               "string",
               "null"
              ]
             },
             "text": {
              "type": "string"
             },
             "author": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           },
           "NewLogEntry": {
            "type": "object",
            "required": [
             "text"
            ],
            "properties": {
             "date": {
              "type": "string",
              "format": "date"
             },
             "kind": {
              "type": "string",
              "enum": [
               "call",
               "email",
               "letter",
               "meeting",
               "note"
              ]
             },
             "contact": {
              "type": "string",
              "maxLength": 200
             },
             "text": {
              "type": "string",
              "minLength": 1,
              "maxLength": 4000
             }
            }
           },
           "Promise": {
            "type": "object",
            "required": [
             "id",
             "dossierId",
             "madeOn",
             "by",
             "side",
             "what"
            ],
            "properties": {
             "id": {
              "type": "integer"
             },
             "dossierId": {
              "type": "string"
             },
             "madeOn": {
              "type": "string",
              "format": "date"
             },
             "by": {
              "type": "string",
              "format": "date"
             },
             "side": {
              "type": "string",
              "enum": [
               "ordonnateur",
               "comptable"
              ]
             },
             "what": {
              "type": "string",
              "enum": [
               "serviceFait",
               "mandat",
               "payment"
              ]
             },
             "contact": {
              "type": [
               "string",
               "null"
              ]
             },
             "note": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           },
           "NewPromise": {
            "type": "object",
            "required": [
             "by",
             "side",
             "what"
            ],
            "properties": {
             "madeOn": {
              "type": "string",
              "format": "date"
             },
             "by": {
              "type": "string",
              "format": "date"
             },
             "side": {
              "type": "string",
              "enum": [
               "ordonnateur",
               "comptable"
              ]
             },
             "what": {
              "type": "string",
              "enum": [
               "serviceFait",
               "mandat",
               "payment"
              ]
             },
             "contact": {
              "type": "string"
             },
             "note": {
              "type": "string"
             }
            }
           },
           "Contract": {
            "type": "object",
            "required": [
             "id",
             "invoiceCount",
             "invoiced",
             "paid",
             "outstanding"
            ],
            "properties": {
             "id": {
              "type": "string"
             },
             "title": {
              "type": [
               "string",
               "null"
              ]
             },
             "buyerName": {
              "type": [
               "string",
               "null"
              ]
             },
             "invoiceCount": {
              "type": "integer"
             },
             "invoiced": {
              "$ref": "#/components/schemas/AmountsByCurrency"
             },
             "paid": {
              "$ref": "#/components/schemas/AmountsByCurrency"
             },
             "outstanding": {
              "$ref": "#/components/schemas/AmountsByCurrency"
             }
            }
           },
           "ContractPage": {
            "type": "object",
            "required": [
             "page",
             "perPage",
             "total",
             "pages",
             "items"
            ],
            "properties": {
             "page": {
              "type": "integer",
              "minimum": 1
             },
             "perPage": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500
             },
             "total": {
              "type": "integer",
              "minimum": 0
             },
             "pages": {
              "type": "integer",
              "minimum": 1
             },
             "items": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Contract"
              }
             }
            }
           },
           "Buyer": {
            "type": "object",
            "required": [
             "siret",
             "name",
             "contacts",
             "segments",
             "dossierCount",
             "outstanding"
            ],
            "properties": {
             "siret": {
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "category": {
              "type": [
               "string",
               "null"
              ]
             },
             "contacts": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "name": {
                 "type": "string"
                },
                "role": {
                 "type": "string"
                },
                "phone": {
                 "type": [
                  "string",
                  "null"
                 ]
                },
                "email": {
                 "type": [
                  "string",
                  "null"
                 ]
                }
               }
              }
             },
             "segments": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "dossierCount": {
              "type": "integer"
             },
             "outstanding": {
              "$ref": "#/components/schemas/AmountsByCurrency"
             }
            }
           },
           "BuyerPage": {
            "type": "object",
            "required": [
             "page",
             "perPage",
             "total",
             "pages",
             "items"
            ],
            "properties": {
             "page": {
              "type": "integer",
              "minimum": 1
             },
             "perPage": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500
             },
             "total": {
              "type": "integer",
              "minimum": 0
             },
             "pages": {
              "type": "integer",
              "minimum": 1
             },
             "items": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Buyer"
              }
             }
            }
           },
           "AgendaEntry": {
            "type": "object",
            "required": [
             "date",
             "kind",
             "label"
            ],
            "properties": {
             "date": {
              "type": "string",
              "format": "date"
             },
             "dossierId": {
              "type": [
               "string",
               "null"
              ]
             },
             "invoiceNumber": {
              "type": [
               "string",
               "null"
              ]
             },
             "buyer": {
              "type": [
               "string",
               "null"
              ]
             },
             "kind": {
              "type": "string"
             },
             "label": {
              "type": "string"
             }
            }
           },
           "AgendaPage": {
            "type": "object",
            "required": [
             "page",
             "perPage",
             "total",
             "pages",
             "items"
            ],
            "properties": {
             "page": {
              "type": "integer",
              "minimum": 1
             },
             "perPage": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500
             },
             "total": {
              "type": "integer",
              "minimum": 0
             },
             "pages": {
              "type": "integer",
              "minimum": 1
             },
             "items": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/AgendaEntry"
              }
             }
            }
           },
           "Account": {
            "type": "object",
            "required": [
             "name",
             "role",
             "createdAt"
            ],
            "properties": {
             "name": {
              "type": "string"
             },
             "role": {
              "type": "string",
              "enum": [
               "viewer",
               "collector",
               "admin"
              ]
             },
             "createdAt": {
              "type": "string",
              "format": "date-time"
             }
            }
           },
           "AccountPage": {
            "type": "object",
            "required": [
             "page",
             "perPage",
             "total",
             "pages",
             "items"
            ],
            "properties": {
             "page": {
              "type": "integer",
              "minimum": 1
             },
             "perPage": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500
             },
             "total": {
              "type": "integer",
              "minimum": 0
             },
             "pages": {
              "type": "integer",
              "minimum": 1
             },
             "items": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Account"
              }
             }
            }
           }
          }
         }
        }
        """#
}
