"""What lsprotocol accepts as an `initialize` request (generated: do not edit).

Written by `python -m tools.lsp_initialize_schema` from lsprotocol 2025.0.0; see that tool
for the notation. `ridec.lsp.early` answers `initialize` itself only for a request that fits.
"""

from __future__ import annotations

from typing import Any

ROOT = "InitializeRequest"

CLASSES: dict[str, tuple[tuple[str, bool, Any], ...]] = {
    "InitializeRequest": (
        ("id", True, ("union", ("int", "str"))),
        ("params", True, ("class", "InitializeParams")),
        ("method", False, ("enum", ("initialize",))),
        ("jsonrpc", False, "str"),
    ),
    "InitializeParams": (
        ("capabilities", True, ("class", "ClientCapabilities")),
        ("processId", False, ("union", ("int", "null"))),
        ("clientInfo", False, ("union", (("class", "ClientInfo"), "null"))),
        ("locale", False, ("union", ("str", "null"))),
        ("rootPath", False, ("union", ("str", "null"))),
        ("rootUri", False, ("union", ("str", "null"))),
        ("initializationOptions", False, ("union", ("any", "null"))),
        ("trace", False, ("union", (("enum", ("off", "messages", "verbose")), "null"))),
        ("workDoneToken", False, ("union", ("int", "str", "null"))),
        ("workspaceFolders", False, ("union", (("list", ("class", "WorkspaceFolder")), "null"))),
    ),
    "ClientCapabilities": (
        ("workspace", False, ("union", (("class", "WorkspaceClientCapabilities"), "null"))),
        ("textDocument", False, ("union", (("class", "TextDocumentClientCapabilities"), "null"))),
        (
            "notebookDocument",
            False,
            ("union", (("class", "NotebookDocumentClientCapabilities"), "null")),
        ),
        ("window", False, ("union", (("class", "WindowClientCapabilities"), "null"))),
        ("general", False, ("union", (("class", "GeneralClientCapabilities"), "null"))),
        ("experimental", False, ("union", ("any", "null"))),
    ),
    "WorkspaceClientCapabilities": (
        ("applyEdit", False, ("union", ("bool", "null"))),
        ("workspaceEdit", False, ("union", (("class", "WorkspaceEditClientCapabilities"), "null"))),
        (
            "didChangeConfiguration",
            False,
            ("union", (("class", "DidChangeConfigurationClientCapabilities"), "null")),
        ),
        (
            "didChangeWatchedFiles",
            False,
            ("union", (("class", "DidChangeWatchedFilesClientCapabilities"), "null")),
        ),
        ("symbol", False, ("union", (("class", "WorkspaceSymbolClientCapabilities"), "null"))),
        (
            "executeCommand",
            False,
            ("union", (("class", "ExecuteCommandClientCapabilities"), "null")),
        ),
        ("workspaceFolders", False, ("union", ("bool", "null"))),
        ("configuration", False, ("union", ("bool", "null"))),
        (
            "semanticTokens",
            False,
            ("union", (("class", "SemanticTokensWorkspaceClientCapabilities"), "null")),
        ),
        ("codeLens", False, ("union", (("class", "CodeLensWorkspaceClientCapabilities"), "null"))),
        (
            "fileOperations",
            False,
            ("union", (("class", "FileOperationClientCapabilities"), "null")),
        ),
        (
            "inlineValue",
            False,
            ("union", (("class", "InlineValueWorkspaceClientCapabilities"), "null")),
        ),
        (
            "inlayHint",
            False,
            ("union", (("class", "InlayHintWorkspaceClientCapabilities"), "null")),
        ),
        (
            "diagnostics",
            False,
            ("union", (("class", "DiagnosticWorkspaceClientCapabilities"), "null")),
        ),
        (
            "foldingRange",
            False,
            ("union", (("class", "FoldingRangeWorkspaceClientCapabilities"), "null")),
        ),
        (
            "textDocumentContent",
            False,
            ("union", (("class", "TextDocumentContentClientCapabilities"), "null")),
        ),
    ),
    "WorkspaceEditClientCapabilities": (
        ("documentChanges", False, ("union", ("bool", "null"))),
        (
            "resourceOperations",
            False,
            ("union", (("list", ("enum", ("create", "rename", "delete"))), "null")),
        ),
        (
            "failureHandling",
            False,
            (
                "union",
                (("enum", ("abort", "transactional", "textOnlyTransactional", "undo")), "null"),
            ),
        ),
        ("normalizesLineEndings", False, ("union", ("bool", "null"))),
        (
            "changeAnnotationSupport",
            False,
            ("union", (("class", "ChangeAnnotationsSupportOptions"), "null")),
        ),
        ("metadataSupport", False, ("union", ("bool", "null"))),
        ("snippetEditSupport", False, ("union", ("bool", "null"))),
    ),
    "ChangeAnnotationsSupportOptions": (("groupsOnLabel", False, ("union", ("bool", "null"))),),
    "DidChangeConfigurationClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "DidChangeWatchedFilesClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("relativePatternSupport", False, ("union", ("bool", "null"))),
    ),
    "WorkspaceSymbolClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("symbolKind", False, ("union", (("class", "ClientSymbolKindOptions"), "null"))),
        ("tagSupport", False, ("union", (("class", "ClientSymbolTagOptions"), "null"))),
        ("resolveSupport", False, ("union", (("class", "ClientSymbolResolveOptions"), "null"))),
    ),
    "ClientSymbolKindOptions": (
        (
            "valueSet",
            False,
            (
                "union",
                (
                    (
                        "list",
                        (
                            "enum",
                            (
                                1,
                                2,
                                3,
                                4,
                                5,
                                6,
                                7,
                                8,
                                9,
                                10,
                                11,
                                12,
                                13,
                                14,
                                15,
                                16,
                                17,
                                18,
                                19,
                                20,
                                21,
                                22,
                                23,
                                24,
                                25,
                                26,
                            ),
                        ),
                    ),
                    "null",
                ),
            ),
        ),
    ),
    "ClientSymbolTagOptions": (("valueSet", True, ("list", ("enum", (1,)))),),
    "ClientSymbolResolveOptions": (("properties", True, ("list", "str")),),
    "ExecuteCommandClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "SemanticTokensWorkspaceClientCapabilities": (
        ("refreshSupport", False, ("union", ("bool", "null"))),
    ),
    "CodeLensWorkspaceClientCapabilities": (
        ("refreshSupport", False, ("union", ("bool", "null"))),
    ),
    "FileOperationClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("didCreate", False, ("union", ("bool", "null"))),
        ("willCreate", False, ("union", ("bool", "null"))),
        ("didRename", False, ("union", ("bool", "null"))),
        ("willRename", False, ("union", ("bool", "null"))),
        ("didDelete", False, ("union", ("bool", "null"))),
        ("willDelete", False, ("union", ("bool", "null"))),
    ),
    "InlineValueWorkspaceClientCapabilities": (
        ("refreshSupport", False, ("union", ("bool", "null"))),
    ),
    "InlayHintWorkspaceClientCapabilities": (
        ("refreshSupport", False, ("union", ("bool", "null"))),
    ),
    "DiagnosticWorkspaceClientCapabilities": (
        ("refreshSupport", False, ("union", ("bool", "null"))),
    ),
    "FoldingRangeWorkspaceClientCapabilities": (
        ("refreshSupport", False, ("union", ("bool", "null"))),
    ),
    "TextDocumentContentClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "TextDocumentClientCapabilities": (
        (
            "synchronization",
            False,
            ("union", (("class", "TextDocumentSyncClientCapabilities"), "null")),
        ),
        ("filters", False, ("union", (("class", "TextDocumentFilterClientCapabilities"), "null"))),
        ("completion", False, ("union", (("class", "CompletionClientCapabilities"), "null"))),
        ("hover", False, ("union", (("class", "HoverClientCapabilities"), "null"))),
        ("signatureHelp", False, ("union", (("class", "SignatureHelpClientCapabilities"), "null"))),
        ("declaration", False, ("union", (("class", "DeclarationClientCapabilities"), "null"))),
        ("definition", False, ("union", (("class", "DefinitionClientCapabilities"), "null"))),
        (
            "typeDefinition",
            False,
            ("union", (("class", "TypeDefinitionClientCapabilities"), "null")),
        ),
        (
            "implementation",
            False,
            ("union", (("class", "ImplementationClientCapabilities"), "null")),
        ),
        ("references", False, ("union", (("class", "ReferenceClientCapabilities"), "null"))),
        (
            "documentHighlight",
            False,
            ("union", (("class", "DocumentHighlightClientCapabilities"), "null")),
        ),
        (
            "documentSymbol",
            False,
            ("union", (("class", "DocumentSymbolClientCapabilities"), "null")),
        ),
        ("codeAction", False, ("union", (("class", "CodeActionClientCapabilities"), "null"))),
        ("codeLens", False, ("union", (("class", "CodeLensClientCapabilities"), "null"))),
        ("documentLink", False, ("union", (("class", "DocumentLinkClientCapabilities"), "null"))),
        ("colorProvider", False, ("union", (("class", "DocumentColorClientCapabilities"), "null"))),
        (
            "formatting",
            False,
            ("union", (("class", "DocumentFormattingClientCapabilities"), "null")),
        ),
        (
            "rangeFormatting",
            False,
            ("union", (("class", "DocumentRangeFormattingClientCapabilities"), "null")),
        ),
        (
            "onTypeFormatting",
            False,
            ("union", (("class", "DocumentOnTypeFormattingClientCapabilities"), "null")),
        ),
        ("rename", False, ("union", (("class", "RenameClientCapabilities"), "null"))),
        ("foldingRange", False, ("union", (("class", "FoldingRangeClientCapabilities"), "null"))),
        (
            "selectionRange",
            False,
            ("union", (("class", "SelectionRangeClientCapabilities"), "null")),
        ),
        (
            "publishDiagnostics",
            False,
            ("union", (("class", "PublishDiagnosticsClientCapabilities"), "null")),
        ),
        ("callHierarchy", False, ("union", (("class", "CallHierarchyClientCapabilities"), "null"))),
        (
            "semanticTokens",
            False,
            ("union", (("class", "SemanticTokensClientCapabilities"), "null")),
        ),
        (
            "linkedEditingRange",
            False,
            ("union", (("class", "LinkedEditingRangeClientCapabilities"), "null")),
        ),
        ("moniker", False, ("union", (("class", "MonikerClientCapabilities"), "null"))),
        ("typeHierarchy", False, ("union", (("class", "TypeHierarchyClientCapabilities"), "null"))),
        ("inlineValue", False, ("union", (("class", "InlineValueClientCapabilities"), "null"))),
        ("inlayHint", False, ("union", (("class", "InlayHintClientCapabilities"), "null"))),
        ("diagnostic", False, ("union", (("class", "DiagnosticClientCapabilities"), "null"))),
        (
            "inlineCompletion",
            False,
            ("union", (("class", "InlineCompletionClientCapabilities"), "null")),
        ),
    ),
    "TextDocumentSyncClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("willSave", False, ("union", ("bool", "null"))),
        ("willSaveWaitUntil", False, ("union", ("bool", "null"))),
        ("didSave", False, ("union", ("bool", "null"))),
    ),
    "TextDocumentFilterClientCapabilities": (
        ("relativePatternSupport", False, ("union", ("bool", "null"))),
    ),
    "CompletionClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("completionItem", False, ("union", (("class", "ClientCompletionItemOptions"), "null"))),
        (
            "completionItemKind",
            False,
            ("union", (("class", "ClientCompletionItemOptionsKind"), "null")),
        ),
        ("insertTextMode", False, ("union", (("enum", (1, 2)), "null"))),
        ("contextSupport", False, ("union", ("bool", "null"))),
        ("completionList", False, ("union", (("class", "CompletionListCapabilities"), "null"))),
    ),
    "ClientCompletionItemOptions": (
        ("snippetSupport", False, ("union", ("bool", "null"))),
        ("commitCharactersSupport", False, ("union", ("bool", "null"))),
        (
            "documentationFormat",
            False,
            ("union", (("list", ("enum", ("plaintext", "markdown"))), "null")),
        ),
        ("deprecatedSupport", False, ("union", ("bool", "null"))),
        ("preselectSupport", False, ("union", ("bool", "null"))),
        ("tagSupport", False, ("union", (("class", "CompletionItemTagOptions"), "null"))),
        ("insertReplaceSupport", False, ("union", ("bool", "null"))),
        (
            "resolveSupport",
            False,
            ("union", (("class", "ClientCompletionItemResolveOptions"), "null")),
        ),
        (
            "insertTextModeSupport",
            False,
            ("union", (("class", "ClientCompletionItemInsertTextModeOptions"), "null")),
        ),
        ("labelDetailsSupport", False, ("union", ("bool", "null"))),
    ),
    "CompletionItemTagOptions": (("valueSet", True, ("list", ("enum", (1,)))),),
    "ClientCompletionItemResolveOptions": (("properties", True, ("list", "str")),),
    "ClientCompletionItemInsertTextModeOptions": (("valueSet", True, ("list", ("enum", (1, 2)))),),
    "ClientCompletionItemOptionsKind": (
        (
            "valueSet",
            False,
            (
                "union",
                (
                    (
                        "list",
                        (
                            "union",
                            (
                                (
                                    "enum",
                                    (
                                        1,
                                        2,
                                        3,
                                        4,
                                        5,
                                        6,
                                        7,
                                        8,
                                        9,
                                        10,
                                        11,
                                        12,
                                        13,
                                        14,
                                        15,
                                        16,
                                        17,
                                        18,
                                        19,
                                        20,
                                        21,
                                        22,
                                        23,
                                        24,
                                        25,
                                    ),
                                ),
                                "int",
                            ),
                        ),
                    ),
                    "null",
                ),
            ),
        ),
    ),
    "CompletionListCapabilities": (
        ("itemDefaults", False, ("union", (("list", "str"), "null"))),
        ("applyKindSupport", False, ("union", ("bool", "null"))),
    ),
    "HoverClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        (
            "contentFormat",
            False,
            ("union", (("list", ("enum", ("plaintext", "markdown"))), "null")),
        ),
    ),
    "SignatureHelpClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        (
            "signatureInformation",
            False,
            ("union", (("class", "ClientSignatureInformationOptions"), "null")),
        ),
        ("contextSupport", False, ("union", ("bool", "null"))),
    ),
    "ClientSignatureInformationOptions": (
        (
            "documentationFormat",
            False,
            ("union", (("list", ("enum", ("plaintext", "markdown"))), "null")),
        ),
        (
            "parameterInformation",
            False,
            ("union", (("class", "ClientSignatureParameterInformationOptions"), "null")),
        ),
        ("activeParameterSupport", False, ("union", ("bool", "null"))),
        ("noActiveParameterSupport", False, ("union", ("bool", "null"))),
    ),
    "ClientSignatureParameterInformationOptions": (
        ("labelOffsetSupport", False, ("union", ("bool", "null"))),
    ),
    "DeclarationClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("linkSupport", False, ("union", ("bool", "null"))),
    ),
    "DefinitionClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("linkSupport", False, ("union", ("bool", "null"))),
    ),
    "TypeDefinitionClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("linkSupport", False, ("union", ("bool", "null"))),
    ),
    "ImplementationClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("linkSupport", False, ("union", ("bool", "null"))),
    ),
    "ReferenceClientCapabilities": (("dynamicRegistration", False, ("union", ("bool", "null"))),),
    "DocumentHighlightClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "DocumentSymbolClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("symbolKind", False, ("union", (("class", "ClientSymbolKindOptions"), "null"))),
        ("hierarchicalDocumentSymbolSupport", False, ("union", ("bool", "null"))),
        ("tagSupport", False, ("union", (("class", "ClientSymbolTagOptions"), "null"))),
        ("labelSupport", False, ("union", ("bool", "null"))),
    ),
    "CodeActionClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        (
            "codeActionLiteralSupport",
            False,
            ("union", (("class", "ClientCodeActionLiteralOptions"), "null")),
        ),
        ("isPreferredSupport", False, ("union", ("bool", "null"))),
        ("disabledSupport", False, ("union", ("bool", "null"))),
        ("dataSupport", False, ("union", ("bool", "null"))),
        ("resolveSupport", False, ("union", (("class", "ClientCodeActionResolveOptions"), "null"))),
        ("honorsChangeAnnotations", False, ("union", ("bool", "null"))),
        ("documentationSupport", False, ("union", ("bool", "null"))),
        ("tagSupport", False, ("union", (("class", "CodeActionTagOptions"), "null"))),
    ),
    "ClientCodeActionLiteralOptions": (
        ("codeActionKind", True, ("class", "ClientCodeActionKindOptions")),
    ),
    "ClientCodeActionKindOptions": (
        (
            "valueSet",
            True,
            (
                "list",
                (
                    "union",
                    (
                        (
                            "enum",
                            (
                                "",
                                "quickfix",
                                "refactor",
                                "refactor.extract",
                                "refactor.inline",
                                "refactor.move",
                                "refactor.rewrite",
                                "source",
                                "source.organizeImports",
                                "source.fixAll",
                                "notebook",
                            ),
                        ),
                        "str",
                    ),
                ),
            ),
        ),
    ),
    "ClientCodeActionResolveOptions": (("properties", True, ("list", "str")),),
    "CodeActionTagOptions": (("valueSet", True, ("list", ("enum", (1,)))),),
    "CodeLensClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("resolveSupport", False, ("union", (("class", "ClientCodeLensResolveOptions"), "null"))),
    ),
    "ClientCodeLensResolveOptions": (("properties", True, ("list", "str")),),
    "DocumentLinkClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("tooltipSupport", False, ("union", ("bool", "null"))),
    ),
    "DocumentColorClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "DocumentFormattingClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "DocumentRangeFormattingClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("rangesSupport", False, ("union", ("bool", "null"))),
    ),
    "DocumentOnTypeFormattingClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "RenameClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("prepareSupport", False, ("union", ("bool", "null"))),
        ("prepareSupportDefaultBehavior", False, ("union", (("enum", (1,)), "null"))),
        ("honorsChangeAnnotations", False, ("union", ("bool", "null"))),
    ),
    "FoldingRangeClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("rangeLimit", False, ("union", ("uint", "null"))),
        ("lineFoldingOnly", False, ("union", ("bool", "null"))),
        (
            "foldingRangeKind",
            False,
            ("union", (("class", "ClientFoldingRangeKindOptions"), "null")),
        ),
        ("foldingRange", False, ("union", (("class", "ClientFoldingRangeOptions"), "null"))),
    ),
    "ClientFoldingRangeKindOptions": (
        (
            "valueSet",
            False,
            (
                "union",
                (("list", ("union", (("enum", ("comment", "imports", "region")), "str"))), "null"),
            ),
        ),
    ),
    "ClientFoldingRangeOptions": (("collapsedText", False, ("union", ("bool", "null"))),),
    "SelectionRangeClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "PublishDiagnosticsClientCapabilities": (
        ("versionSupport", False, ("union", ("bool", "null"))),
        ("relatedInformation", False, ("union", ("bool", "null"))),
        ("tagSupport", False, ("union", (("class", "ClientDiagnosticsTagOptions"), "null"))),
        ("codeDescriptionSupport", False, ("union", ("bool", "null"))),
        ("dataSupport", False, ("union", ("bool", "null"))),
    ),
    "ClientDiagnosticsTagOptions": (("valueSet", True, ("list", ("enum", (1, 2)))),),
    "CallHierarchyClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "SemanticTokensClientCapabilities": (
        ("requests", True, ("class", "ClientSemanticTokensRequestOptions")),
        ("tokenTypes", True, ("list", "str")),
        ("tokenModifiers", True, ("list", "str")),
        ("formats", True, ("list", ("enum", ("relative",)))),
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("overlappingTokenSupport", False, ("union", ("bool", "null"))),
        ("multilineTokenSupport", False, ("union", ("bool", "null"))),
        ("serverCancelSupport", False, ("union", ("bool", "null"))),
        ("augmentsSyntaxTokens", False, ("union", ("bool", "null"))),
    ),
    "ClientSemanticTokensRequestOptions": (
        ("range", False, ("union", ("bool", "any", "null"))),
        (
            "full",
            False,
            ("union", ("bool", ("class", "ClientSemanticTokensRequestFullDelta"), "null")),
        ),
    ),
    "ClientSemanticTokensRequestFullDelta": (("delta", False, ("union", ("bool", "null"))),),
    "LinkedEditingRangeClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "MonikerClientCapabilities": (("dynamicRegistration", False, ("union", ("bool", "null"))),),
    "TypeHierarchyClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "InlineValueClientCapabilities": (("dynamicRegistration", False, ("union", ("bool", "null"))),),
    "InlayHintClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("resolveSupport", False, ("union", (("class", "ClientInlayHintResolveOptions"), "null"))),
    ),
    "ClientInlayHintResolveOptions": (("properties", True, ("list", "str")),),
    "DiagnosticClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("relatedDocumentSupport", False, ("union", ("bool", "null"))),
        ("relatedInformation", False, ("union", ("bool", "null"))),
        ("tagSupport", False, ("union", (("class", "ClientDiagnosticsTagOptions"), "null"))),
        ("codeDescriptionSupport", False, ("union", ("bool", "null"))),
        ("dataSupport", False, ("union", ("bool", "null"))),
    ),
    "InlineCompletionClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
    ),
    "NotebookDocumentClientCapabilities": (
        ("synchronization", True, ("class", "NotebookDocumentSyncClientCapabilities")),
    ),
    "NotebookDocumentSyncClientCapabilities": (
        ("dynamicRegistration", False, ("union", ("bool", "null"))),
        ("executionSummarySupport", False, ("union", ("bool", "null"))),
    ),
    "WindowClientCapabilities": (
        ("workDoneProgress", False, ("union", ("bool", "null"))),
        (
            "showMessage",
            False,
            ("union", (("class", "ShowMessageRequestClientCapabilities"), "null")),
        ),
        ("showDocument", False, ("union", (("class", "ShowDocumentClientCapabilities"), "null"))),
    ),
    "ShowMessageRequestClientCapabilities": (
        (
            "messageActionItem",
            False,
            ("union", (("class", "ClientShowMessageActionItemOptions"), "null")),
        ),
    ),
    "ClientShowMessageActionItemOptions": (
        ("additionalPropertiesSupport", False, ("union", ("bool", "null"))),
    ),
    "ShowDocumentClientCapabilities": (("support", True, "bool"),),
    "GeneralClientCapabilities": (
        (
            "staleRequestSupport",
            False,
            ("union", (("class", "StaleRequestSupportOptions"), "null")),
        ),
        (
            "regularExpressions",
            False,
            ("union", (("class", "RegularExpressionsClientCapabilities"), "null")),
        ),
        ("markdown", False, ("union", (("class", "MarkdownClientCapabilities"), "null"))),
        (
            "positionEncodings",
            False,
            (
                "union",
                (("list", ("union", (("enum", ("utf-8", "utf-16", "utf-32")), "str"))), "null"),
            ),
        ),
    ),
    "StaleRequestSupportOptions": (
        ("cancel", True, "bool"),
        ("retryOnContentModified", True, ("list", "str")),
    ),
    "RegularExpressionsClientCapabilities": (
        ("engine", True, "str"),
        ("version", False, ("union", ("str", "null"))),
    ),
    "MarkdownClientCapabilities": (
        ("parser", True, "str"),
        ("version", False, ("union", ("str", "null"))),
        ("allowedTags", False, ("union", (("list", "str"), "null"))),
    ),
    "ClientInfo": (
        ("name", True, "str"),
        ("version", False, ("union", ("str", "null"))),
    ),
    "WorkspaceFolder": (
        ("uri", True, "str"),
        ("name", True, "str"),
    ),
}
