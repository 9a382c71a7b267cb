<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditViewWidget</name>
    <message numerus="yes">
        <source>%n event(s) shown</source>
        <translation>
            <numerusform>%n event shown</numerusform>
            <numerusform>%n events shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n newest event(s) shown</source>
        <translation>
            <numerusform>%n newest event shown</numerusform>
            <numerusform>%n newest events shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: %n entry(s)</source>
        <translation>
            <numerusform>Chain intact: %n entry</numerusform>
            <numerusform>Chain intact: %n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message numerus="yes">
        <source>%n open conflict(s)</source>
        <translation>
            <numerusform>%n open conflict</numerusform>
            <numerusform>%n open conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>overdue by %n day(s)</source>
        <translation>
            <numerusform>overdue by %n day</numerusform>
            <numerusform>overdue by %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n change waiting</numerusform>
            <numerusform>%n changes waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sync conflict(s)</source>
        <translation>
            <numerusform>%n sync conflict</numerusform>
            <numerusform>%n sync conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message numerus="yes">
        <source>%n running service(s)</source>
        <translation>
            <numerusform>%n running service</numerusform>
            <numerusform>%n running services</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImpactPreview</name>
    <message numerus="yes">
        <source>%n open invoice(s); balance {balance}</source>
        <translation>
            <numerusform>%n open invoice; balance {balance}</numerusform>
            <numerusform>%n open invoices; balance {balance}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message numerus="yes">
        <source>{title}: %n row(s)</source>
        <translation>
            <numerusform>{title}: %n row</numerusform>
            <numerusform>{title}: %n rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestsQueueWidget</name>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n request</numerusform>
            <numerusform>%n requests</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaffAdminWidget</name>
    <message numerus="yes">
        <source>%n staff member(s)</source>
        <translation>
            <numerusform>%n staff member</numerusform>
            <numerusform>%n staff members</numerusform>
        </translation>
    </message>
</context>
</TS>
